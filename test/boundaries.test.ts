// DESIGN.md's import rules, enforced: each package may be imported only from its own corner of the tree.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../src/paths.js';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

/** Every module specifier a file imports or re-exports, static or dynamic. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const pattern =
    /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|import\s+['"]([^'"]+)['"]/g;
  return [...text.matchAll(pattern)].map((m) => m[1] ?? m[2] ?? m[3] ?? '');
}

const files: SourceFile[] = [
  ...sourceFiles(join(projectRoot, 'src')),
  ...sourceFiles(join(projectRoot, 'commands')),
].map((file) => ({
  path: relative(projectRoot, file),
  imports: importsOf(file).map((specifier) =>
    specifier.startsWith('.') ? relative(projectRoot, resolve(file, '..', specifier)) : specifier,
  ),
}));

/** Packages (by prefix) and the only folders allowed to import them. */
const PACKAGE_HOMES: [RegExp, string][] = [
  [/^@slack\//, 'src/adapters/slack/'],
  [/^discord\.js$|^@discordjs\//, 'src/adapters/discord/'],
  [/^node-cron$/, 'src/scheduler/'],
  [/^openai(\/|$)/, 'src/grading/'],
  [/^drizzle-orm(\/|$)/, 'src/db/'],
  [/^pg$/, 'src/db/'],
  [/^@electric-sql\/pglite/, 'src/db/'],
];

/** Our folders that the platform-neutral core and commands must not reach into. */
const OFF_LIMITS_FOR_CORE = ['src/adapters/', 'src/db/', 'src/scheduler/', 'src/main.ts', 'src/cli.ts'];

interface SourceFile {
  path: string;
  imports: string[];
}

/** `file imports package` for every package imported outside its home folder. */
function packageViolations(list: readonly SourceFile[]): string[] {
  return list.flatMap((file) =>
    file.imports
      .filter((spec) =>
        PACKAGE_HOMES.some(([pattern, home]) => pattern.test(spec) && !file.path.startsWith(home)),
      )
      .map((spec) => `${file.path} imports ${spec}`),
  );
}

/** Imports from src/core and commands/ into adapters, the database, the scheduler or the composition root. */
function coreViolations(list: readonly SourceFile[]): string[] {
  return list
    .filter((file) => file.path.startsWith('src/core/') || file.path.startsWith('commands/'))
    .flatMap((file) =>
      file.imports
        .filter((spec) => OFF_LIMITS_FOR_CORE.some((place) => spec.startsWith(place.replace(/\.ts$/, ''))))
        .map((spec) => `${file.path} imports ${spec}`),
    );
}

/** Adapters importing another adapter or the database directly. */
function adapterViolations(list: readonly SourceFile[]): string[] {
  return list
    .filter((file) => file.path.startsWith('src/adapters/'))
    .flatMap((file) => {
      const own = file.path.split('/').slice(0, 3).join('/');
      return file.imports
        .filter(
          (spec) => (spec.startsWith('src/adapters/') && !spec.startsWith(own)) || spec.startsWith('src/db/'),
        )
        .map((spec) => `${file.path} imports ${spec}`);
    });
}

describe('import boundaries', () => {
  it('found the source files', () => {
    expect(files.length).toBeGreaterThan(20);
    expect(files.find((file) => file.path === 'src/db/store.ts')?.imports).toContain('drizzle-orm');
  });

  it('imports each SDK and driver only from its home (slack, discord, scheduler, grading, db)', () => {
    expect(packageViolations(files)).toEqual([]);
  });

  it('keeps src/core and commands/ free of adapters, drivers and the composition root', () => {
    expect(coreViolations(files)).toEqual([]);
  });

  it('keeps adapters from importing each other or the database', () => {
    expect(adapterViolations(files)).toEqual([]);
  });

  it('flags the imports it forbids', () => {
    const bad: SourceFile[] = [
      { path: 'src/core/coach.ts', imports: ['drizzle-orm', 'src/db/client.js', 'luxon'] },
      { path: 'commands/question.ts', imports: ['@slack/bolt', 'src/adapters/slack/render.js'] },
      {
        path: 'src/adapters/discord/bot.ts',
        imports: ['discord.js', 'node-cron', 'src/adapters/slack/x.js'],
      },
    ];
    expect(packageViolations(bad)).toEqual([
      'src/core/coach.ts imports drizzle-orm',
      'commands/question.ts imports @slack/bolt',
      'src/adapters/discord/bot.ts imports node-cron',
    ]);
    expect(coreViolations(bad)).toEqual([
      'src/core/coach.ts imports src/db/client.js',
      'commands/question.ts imports src/adapters/slack/render.js',
    ]);
    expect(adapterViolations(bad)).toEqual(['src/adapters/discord/bot.ts imports src/adapters/slack/x.js']);
  });
});
