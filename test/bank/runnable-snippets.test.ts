// Snippets marked `python runnable` must at least be valid Python (checked with python3's own parser).
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { loadBankDir } from '../../src/bank/load.js';
import { contentDir } from '../../src/paths.js';

const hasPython = spawnSync('python3', ['--version']).status === 0;

const PARSE_ALL = `
import ast, json, sys
problems = []
for name, code in json.load(sys.stdin):
    try:
        ast.parse(code)
    except SyntaxError as error:
        problems.append(f"{name}: line {error.lineno}: {error.msg}")
print(json.dumps(problems))
`;

describe('runnable snippets in content/', () => {
  it.skipIf(!hasPython)('parse as Python', async () => {
    const { questions } = await loadBankDir(contentDir);
    const snippets = questions.flatMap((q) =>
      [...`${q.question}\n${q.answer}`.matchAll(/```python runnable\n([\s\S]*?)```/g)].map((m, i) => [
        `${q.id}#${i + 1}`,
        m[1] ?? '',
      ]),
    );
    expect(snippets.length).toBeGreaterThan(10);
    const result = spawnSync('python3', ['-c', PARSE_ALL], {
      input: JSON.stringify(snippets),
      encoding: 'utf8',
    });
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual([]);
  });
});
