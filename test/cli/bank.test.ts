import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

describe('coach bank', () => {
  it('check passes on content/ with nothing on stdout', async () => {
    const { code, stdout, stderr } = await runCli(['bank', 'check']);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^\d+ questions checked: 0 error\(s\)/);
    expect(code).toBe(0);
  });

  it('check prints file:line: message per problem and exits 1', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bank-cli-'));
    await writeFile(
      join(dir, 'rag.md'),
      '# RAG\n\n## Broken\nid: Broken_Id\ndifficulty: 9\nkind: concept\ntags: rag\n\n### Question\nWhy?\n\n### Answer\nBecause.\n\n### Key points\n- one\n\n### Follow-ups\n- more?\n\n### Read more\n- a book\n',
    );
    const { code, stdout } = await runCli(['bank', 'check', '--dir', dir]);
    expect(code).toBe(1);
    const lines = stdout.trim().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(/rag\.md:4: id "Broken_Id" must be kebab-case/),
      expect.stringMatching(/rag\.md:5: difficulty must be 1, 2 or 3 \(got "9"\)/),
      expect.stringMatching(/rag\.md:15: question Broken_Id has 1 key points; 3 to 7 are needed/),
    ]);
  });

  it('stats --json prints the keys DESIGN.md names', async () => {
    const { code, stdout } = await runCli(['bank', 'stats', '--json']);
    expect(code).toBe(0);
    const stats = JSON.parse(stdout);
    expect(Object.keys(stats)).toEqual(['total', 'byTopic', 'byDifficulty', 'byTopicDifficulty', 'byKind']);
    expect(Object.keys(stats.byTopic)).toEqual([
      'neural-networks',
      'nlp',
      'transformers',
      'llms',
      'rag',
      'fine-tuning',
      'vector-databases',
      'llmops',
      'evaluation',
    ]);
    expect(stats.byDifficulty['1'] + stats.byDifficulty['2'] + stats.byDifficulty['3']).toBe(stats.total);
    expect(stats.byTopicDifficulty.nlp).toEqual({
      1: expect.any(Number),
      2: expect.any(Number),
      3: expect.any(Number),
    });
  });
});
