// Where the project's data folders (content/, migrations/) live, from source or from the built dist/.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findProjectRoot(from: string): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`No package.json above ${from}`);
    dir = parent;
  }
  return dir;
}

/** The folder holding package.json, content/ and migrations/. */
export const projectRoot = findProjectRoot(dirname(fileURLToPath(import.meta.url)));
export const contentDir = join(projectRoot, 'content');
export const migrationsDir = join(projectRoot, 'migrations');
