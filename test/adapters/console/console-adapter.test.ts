import { PassThrough, Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsoleAdapter, parseConsoleLine } from '../../../src/adapters/console/console-adapter.js';
import { renderReply } from '../../../src/adapters/console/render.js';
import { loadConfig } from '../../../src/config.js';
import { silentLogger } from '../../../src/core/logger.js';
import type { Grader } from '../../../src/grading/grader.js';
import { createRubricGrader } from '../../../src/grading/rubric.js';
import { type App, createApp } from '../../../src/main.js';
import { createTestBank, GOOD_RAG_ANSWER } from '../../support/bank.js';
import { createTestClock, seededRandom } from '../../support/clock.js';
import { createTestDatabase, type TestDatabase } from '../../support/db.js';

describe('parseConsoleLine', () => {
  it.each([
    ['question rag', { command: 'question', text: 'rag' }],
    ['/coach question rag', { command: 'question', text: 'rag' }],
    ['  /COACH   Question   rag 2 ', { command: 'question', text: 'rag 2' }],
    ['/coach', { command: 'help', text: '' }],
    ['answer line one\nline two', { command: 'answer', text: 'line one\nline two' }],
    ['', null],
    ['# a comment in a script', null],
  ])('%j', (line, expected) => {
    expect(parseConsoleLine(line)).toEqual(expected);
  });
});

describe('renderReply', () => {
  it('turns buttons into the commands to type, and keeps plain text when piped', () => {
    const text = renderReply(
      {
        title: 'What is RAG?',
        sections: [
          { type: 'text', text: 'A **bold** question' },
          { type: 'list', items: ['one'] },
        ],
        buttons: [
          { action: 'answer:what-is-rag', label: 'Answer' },
          { action: 'next', label: 'Next question' },
        ],
        visibility: 'ephemeral',
      },
      { color: false },
    );
    expect(text).toBe(
      '== What is RAG? ==\nA bold question\n  • one\n[Answer: `answer <your answer>` | Next question: `next`]',
    );
  });
});

describe('console adapter', () => {
  let testDb: TestDatabase;
  let app: App;
  const events: string[] = [];
  let release: () => void = () => {};
  let hold = false;
  const rubric = createRubricGrader();
  const grader: Grader = {
    name: 'recording',
    async grade(input) {
      events.push('grade');
      if (hold) await new Promise<void>((resolve) => (release = resolve));
      return rubric.grade(input);
    },
  };

  beforeAll(async () => {
    testDb = await createTestDatabase('pglite');
    app = await createApp({
      config: loadConfig({}),
      logger: silentLogger,
      database: testDb.database,
      bank: createTestBank(),
      grader,
      now: createTestClock('2026-11-29T09:00:00Z').now,
      random: seededRandom(1),
    });
  });
  afterAll(async () => {
    await app.close();
    await testDb.dispose();
  });

  function session(user = 'ada') {
    const input = new PassThrough();
    let transcript = '';
    const output = new Writable({
      write(chunk, _encoding, done) {
        const text = String(chunk);
        transcript += text;
        if (text.includes('Grading it now')) events.push('ack');
        done();
      },
    });
    const adapter = createConsoleAdapter({
      runtime: app.runtime,
      input,
      output,
      user: { id: user, name: user, timezone: 'UTC' },
      interactive: false,
    });
    return { input, adapter, transcript: () => transcript };
  }

  it('runs a script line by line: prefixes, continued lines and comments', async () => {
    const { input, adapter, transcript } = session();
    await adapter.start();
    const [first, ...rest] = GOOD_RAG_ANSWER.split('. ');
    input.end(
      [
        '# practise one question',
        '/coach question rag 1',
        `answer ${first}. \\`,
        ...rest.map((sentence, i) => (i < rest.length - 1 ? `${sentence}. \\` : sentence)),
        'streak',
        'leaderboard',
        'history',
        '',
      ].join('\n'),
    );
    await adapter.done;
    const text = transcript();
    expect(text).toContain('== What is RAG? ==');
    expect(text).toContain('Got your answer to What is RAG?. Grading it now…');
    expect(text).toContain('Score: 100/100 (correct)');
    expect(text).toContain('Your streak: 1 day (longest 1 day).');
    expect(text).toContain('1. ada: 10 pts (1 answer)  ← you');
    expect(text).toContain('What is RAG? (2026-11-29): 100/100, correct, +10 points.');
    // Replies come in the order of the lines.
    const order = [
      '== What is RAG? ==',
      'Grading it now',
      'Score: 100/100',
      'Your streak',
      '== Leaderboard',
      '== Your recent answers',
    ];
    const positions = order.map((marker) => text.indexOf(marker));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it('acknowledges before grading, and at end of input waits for the grading in flight', async () => {
    const { input, adapter, transcript } = session('bo');
    await adapter.start();
    events.length = 0;
    hold = true;
    input.end(`question rag 1\nanswer ${GOOD_RAG_ANSWER}\n`);
    let finished = false;
    const done = adapter.done.then(() => (finished = true));
    while (!events.includes('grade')) await new Promise((resolve) => setImmediate(resolve));
    expect(events).toEqual(['ack', 'grade']);
    expect(finished).toBe(false);
    hold = false;
    release();
    await done;
    expect(transcript()).toContain('Score: 100/100');
  });
});
