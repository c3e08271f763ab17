import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/core/logger.js';
import { type Reply, replyToPlainText } from '../../src/core/reply.js';
import { listOpenReports, resolveReports } from '../../src/db/reports.js';
import type { Grader } from '../../src/grading/grader.js';
import { createRubricGrader } from '../../src/grading/rubric.js';
import { type App, createApp } from '../../src/main.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createTestBank, GOOD_RAG_ANSWER } from '../support/bank.js';
import { createTestClock } from '../support/clock.js';
import { createTestDatabase, rowCounts, type TestDatabase, testDatabaseKinds } from '../support/db.js';
import { invocation } from '../support/invocation.js';

/** A grader that records when it runs and can be held until the test lets it finish. */
function recordingGrader(events: string[]) {
  const rubric = createRubricGrader();
  let gate: Promise<void> = Promise.resolve();
  let open: () => void = () => {};
  const grader: Grader = {
    name: 'recording',
    async grade(input) {
      events.push('grade:start');
      await gate;
      const result = await rubric.grade(input);
      events.push('grade:end');
      return result;
    },
  };
  return {
    grader,
    hold() {
      gate = new Promise((resolve) => {
        open = resolve;
      });
    },
    release: () => open(),
  };
}

describe.each(testDatabaseKinds)('coach on %s', (kind) => {
  let testDb: TestDatabase;
  let app: App;
  const clock = createTestClock('2026-11-25T10:00:00Z');
  const events: string[] = [];
  const recording = recordingGrader(events);

  let started: TestApp;
  beforeAll(async () => {
    started = await startTestApp({ kind, bank: createTestBank(), grader: recording.grader, clock, seed: 7 });
    ({ testDb, app } = started);
  });
  afterAll(() => started.stop());

  let n = 0;
  const as = (user: string, command: string, text = '', tenantId = 'team-1') =>
    invocation(command, text, { tenantId, user: { id: user, name: user }, deliveryKey: `test:${++n}` });
  const say = async (user: string, command: string, text = '', tenantId?: string) =>
    replyToPlainText(await app.runtime.handle(as(user, command, text, tenantId)));
  /** Runs a command and its follow-up; returns both texts. */
  const sayAll = async (user: string, command: string, text = '', tenantId?: string) => {
    const texts: string[] = [];
    let reply: Reply | undefined = await app.runtime.handle(as(user, command, text, tenantId));
    while (reply) {
      texts.push(replyToPlainText(reply));
      reply = reply.followUp ? await reply.followUp() : undefined;
    }
    return texts;
  };

  it('walks question -> answer -> streak -> leaderboard -> history', async () => {
    const question = await say('ada', 'question', 'rag 1');
    expect(question).toContain('What is retrieval-augmented generation and why is it used?');
    const [ack, feedback] = await sayAll('ada', 'answer', GOOD_RAG_ANSWER);
    expect(ack).toBe('Got your answer to **What is RAG?**. Grading it now…');
    expect(feedback).toContain('Score: 100/100 (correct)');
    expect(feedback).toContain('Points: +10');
    expect(feedback).toContain('Streak: 1 day (longest 1)');
    expect(feedback).toContain('Lewis et al. (2020)');
    // Each covered key point shows the member's own words that earned it.
    expect(feedback).toContain('you wrote: “Those retrieved passages are put into the prompt as context');
    const streak = await say('ada', 'streak');
    expect(streak).toContain('Your streak: **1 day** (longest 1 day).');
    // Before the first answer the heatmap shows nothing missed; today is answered.
    expect(streak).toContain('Last 28 days: `···························■`');
    expect(streak).toContain('0 freezes held');
    expect(await say('ada', 'leaderboard')).toContain('1. ada: 10 pts (1 answer)  ← you');
    const history = await say('ada', 'history');
    expect(history).toContain('**What is RAG?** (2026-11-25): 100/100, correct, +10 points.');
    expect(history).toContain('Missed nothing.');
  });

  it('deletes a removed workspace 30 days after removal, and forgets the removal if it comes back first', async () => {
    const { tenants, members } = await import('../../src/db/schema.js');
    const { eq } = await import('drizzle-orm');
    const tenantIds = async () =>
      (await testDb.database.db.select().from(tenants)).map((t) => t.externalId).sort();
    await say('gone', 'question', '', 'team-gone');
    await say('back', 'question', '', 'team-back');
    await app.coach.setTenantRemoved('console', 'team-gone', clock.now());
    await app.coach.setTenantRemoved('console', 'team-back', clock.now());
    // team-back uses the bot again: it is installed again, nothing of it is due for deletion.
    await say('back', 'streak', '', 'team-back');
    clock.advance(29 * 24 * 60 * 60 * 1000);
    expect(await app.coach.purgeRemovedTenants()).toBe(0);
    clock.advance(2 * 24 * 60 * 60 * 1000);
    expect(await app.coach.purgeRemovedTenants()).toBe(1);
    expect(await tenantIds()).not.toContain('team-gone');
    expect(await tenantIds()).toContain('team-back');
    const gone = await testDb.database.db.select().from(members).where(eq(members.platformUserId, 'gone'));
    expect(gone).toEqual([]);
    clock.set('2026-11-25T10:00:00Z');
  });

  it('practice serves a new question, the graded answer becomes a review card, stats show the area', async () => {
    const first = await say('pia', 'practice', 'rag');
    expect(first).toMatch(/new to you/i);
    const [, feedback] = await sayAll('pia', 'answer', 'Something vague about vectors.');
    expect(feedback).toContain('Score');
    const stats = await say('pia', 'stats');
    expect(stats).toMatch(/RAG[^\n]*1\/\d+ answered/);
    // A weak answer is due again soon: a day later it comes back first.
    clock.advance(2 * 24 * 60 * 60 * 1000);
    expect(await say('pia', 'practice', 'rag')).toMatch(/due for review/i);
    clock.set('2026-11-25T10:00:00Z');
  });

  it('commits the answer before acknowledging it, and grades only after the acknowledgement', async () => {
    await say('bea', 'question', 'rag 1');
    events.length = 0;
    const ack = await app.runtime.handle(
      as('bea', 'answer', 'Documents are retrieved from an index at query time.'),
    );
    events.push('ack');
    const pending = await testDb.database.db.query.answers.findFirst({
      where: (a, { eq }) => eq(a.text, 'Documents are retrieved from an index at query time.'),
    });
    expect(pending?.status).toBe('pending');
    await ack.followUp?.();
    expect(events).toEqual(['ack', 'grade:start', 'grade:end']);
    const graded = await testDb.database.db.query.answers.findFirst({
      where: (a, { eq }) => eq(a.id, pending?.id ?? -1),
    });
    expect(graded?.status).toBe('graded');
  });

  it('gives points for the first graded attempt only; later ones are practice', async () => {
    await say('cy', 'question', 'rag 1');
    const [, first] = await sayAll(
      'cy',
      'answer',
      'Relevant documents are retrieved from an external index at query time.',
    );
    const [, second] = await sayAll('cy', 'answer', GOOD_RAG_ANSWER);
    expect(first).toMatch(/Points: \+\d+/);
    expect(second).toContain('Points: none: practice attempt');
  });

  it('records a redelivered answer once', async () => {
    await say('dee', 'question', 'rag 1');
    const delivery = { ...as('dee', 'answer', GOOD_RAG_ANSWER), deliveryKey: 'slack:view-42' };
    const first = await app.runtime.handle(delivery);
    await first.followUp?.();
    const again = await app.runtime.handle({ ...delivery, id: 'another-id' });
    expect(replyToPlainText(again)).toBe(
      'I already have this answer to **What is RAG?**; here is its grade.',
    );
    expect(replyToPlainText((await again.followUp?.()) as Reply)).toContain('Score: 100/100');
    const rows = await testDb.database.db.query.answers.findMany({
      where: (a, { eq }) => eq(a.deliveryKey, 'slack:view-42'),
    });
    expect(rows).toHaveLength(1);
  });

  it.each([
    ['answer', '', 'Your answer is empty. Write it after the command: `answer <your answer>`.'],
    [
      'answer',
      'x'.repeat(4_001),
      'Your answer is 4,001 characters; the limit is 4,000. Shorten it and send it again.',
    ],
    [
      'answer',
      'A fine answer.',
      'You have no open question here. Type `question` to get one, then `answer <your answer>`.',
    ],
    ['question', 'cooking', 'I don\'t know the topic "cooking". Topics: `neural-networks`'],
    [
      'question',
      'rag 5',
      '`difficulty` must be one of 1, 2, 3, not 5.\nUsage: `/coach question [topic] [difficulty]`',
    ],
    ['timezone', 'Mars/Olympus', '"Mars/Olympus" is not a time zone I know.'],
    ['leaderboard', 'yesterday', '`period` must be one of week, month, all, hide, show, not "yesterday".'],
    ['frobnicate', '', "I don't know `frobnicate`. Type `help` to see what I can do."],
  ])('refuses `%s %s` with one clear line and writes nothing', async (command, text, message) => {
    const before = await rowCounts(testDb.database);
    const reply = await app.runtime.handle(as('newcomer', command, text, 'team-fresh'));
    expect(replyToPlainText(reply)).toContain(message);
    expect(reply.visibility).toBe('ephemeral');
    expect(reply.followUp).toBeUndefined();
    expect(await rowCounts(testDb.database)).toEqual(before);
  });

  it('grades answers left pending by a crash when the app starts again', async () => {
    await say('eve', 'question', 'rag 1');
    const ack = await app.runtime.handle(as('eve', 'answer', GOOD_RAG_ANSWER));
    expect(replyToPlainText(ack)).toContain('Grading it now');
    // The process dies here: the follow-up never runs. A new app on the same database recovers it.
    const restarted = await createApp({
      config: loadConfig({}),
      logger: silentLogger,
      database: testDb.database,
      bank: createTestBank(),
      now: clock.now,
    });
    expect(await restarted.coach.gradePending()).toBeGreaterThanOrEqual(1);
    expect(await restarted.coach.gradePending()).toBe(0);
    expect(await say('eve', 'history')).toContain('100/100, correct, +10 points');
    await restarted.close();
  });

  it('waits for grading in flight before it closes', async () => {
    await say('fay', 'question', 'rag 1');
    const ack = await app.runtime.handle(as('fay', 'answer', GOOD_RAG_ANSWER));
    events.length = 0;
    recording.hold();
    const grading = ack.followUp?.();
    let drained = false;
    const draining = app.coach.drain().then(() => {
      drained = true;
      events.push('drained');
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(drained).toBe(false);
    recording.release();
    await Promise.all([grading, draining]);
    expect(events).toEqual(['grade:start', 'grade:end', 'drained']);
  });

  it('keeps topic and difficulty for `next`, and prefers questions not yet answered', async () => {
    const first = await say('gus', 'question', 'transformers');
    const second = await say('gus', 'next');
    expect(first).toContain('Transformers');
    expect(second).toContain('Transformers');
    expect(second).not.toBe(first);
    // Only one rag question at difficulty 1: asking again serves it again rather than failing.
    await say('gus', 'question', 'rag 1');
    await sayAll('gus', 'answer', GOOD_RAG_ANSWER);
    expect(await say('gus', 'question', 'rag 1')).toContain('What is RAG?');
    expect(await say('gus', 'question', 'fine-tuning 3')).toBe(
      'There are no questions in `fine-tuning` at difficulty 3 yet. Try another topic or difficulty.',
    );
  });

  it('hides and shows a member on the leaderboard', async () => {
    await say('hal', 'question', 'rag 1');
    await sayAll('hal', 'answer', GOOD_RAG_ANSWER);
    expect(await say('hal', 'leaderboard', 'hide')).toContain('You are now hidden from leaderboards');
    const hidden = await say('hal', 'leaderboard', 'all');
    expect(hidden).not.toContain('hal:');
    expect(hidden).toContain('You are hidden from leaderboards');
    await say('hal', 'leaderboard', 'show');
    expect(await say('hal', 'leaderboard', 'all')).toMatch(/\d+\. hal: 10 pts/);
  });

  it('keeps streak days in the member-local time zone', async () => {
    expect(await say('ina', 'timezone', 'europe/berlin')).toBe(
      'Your time zone is now `Europe/Berlin`. Streak days follow it from now on.',
    );
    // 00:30 on 29 March in Berlin (still the 28th in UTC) and 23:30 on 30 March (after the DST switch).
    clock.set('2026-03-28T23:30:00Z');
    await say('ina', 'question', 'transformers');
    await sayAll('ina', 'answer', 'An answer about attention.');
    clock.set('2026-03-30T21:30:00Z');
    await say('ina', 'question', 'rag');
    await sayAll('ina', 'answer', 'Another answer about retrieval.');
    expect(await say('ina', 'streak')).toContain('Your streak: **2 days** (longest 2 days).');
    clock.set('2026-03-31T22:30:00Z'); // 00:30 on 1 April in Berlin: the 31st was missed
    expect(await say('ina', 'streak')).toContain(
      'No streak running; your longest was 2 days. Answer a new question today to start again.',
    );
    clock.set('2026-11-25T10:00:00Z');
  });

  it('forgets a member only after confirmation', async () => {
    await say('jo', 'question', 'rag 1');
    await sayAll('jo', 'answer', GOOD_RAG_ANSWER);
    expect(await say('jo', 'forget-me')).toContain('type `forget-me confirm`');
    expect(await say('jo', 'history')).toContain('What is RAG?');
    expect(await say('jo', 'forget-me', 'confirm')).toBe('Done: I deleted your 1 answer and your stats.');
    expect(await say('jo', 'history')).toBe('No graded answers yet. Type `question` to get started.');
  });

  it('files reports on the open question or a named one, for maintainers to list and resolve', async () => {
    expect(await say('lu', 'report', 'The reference is wrong.')).toBe(
      'Which question? Start the report with its id (shown under every question): `report <question-id> <what is wrong>`.',
    );
    await say('lu', 'question', 'rag 1');
    expect(await say('lu', 'report', 'BM25 is sparse, not dense.')).toBe(
      'Thanks: your report on **What is RAG?** is with the maintainers.',
    );
    expect(await say('lu', 'report', 'lora-basics  Rank 8 is not always enough.')).toBe(
      'Thanks: your report on **Title of lora-basics** is with the maintainers.',
    );
    expect(await say('lu', 'report', '   ')).toContain('Tell me what is wrong');
    expect(await say('lu', 'report', 'x'.repeat(1_001))).toBe(
      'Your report is 1,001 characters; the limit is 1,000.',
    );
    const open = await listOpenReports(testDb.database.db);
    const mine = open.filter((r) => r.member === 'lu');
    expect(mine.map((r) => [r.questionId, r.note, r.tenant])).toEqual([
      ['what-is-rag', 'BM25 is sparse, not dense.', 'console:team-1'],
      ['lora-basics', 'Rank 8 is not always enough.', 'console:team-1'],
    ]);
    const first = mine[0]?.id ?? -1;
    expect(await resolveReports(testDb.database.db, [first, 999_999], new Date())).toEqual([first]);
    expect((await listOpenReports(testDb.database.db)).map((r) => r.id)).not.toContain(first);
  });

  it('keeps tenants apart', async () => {
    await say('kim', 'question', 'rag 1', 'team-2');
    await sayAll('kim', 'answer', GOOD_RAG_ANSWER, 'team-2');
    expect(await say('kim', 'leaderboard', 'all', 'team-2')).toContain('1. kim: 10 pts');
    expect(await say('ada', 'leaderboard', 'all')).not.toContain('kim');
  });
});

describe('serving a question by id', () => {
  it('serves the very question an id names', async () => {
    const testDb = await createTestDatabase('pglite');
    const app = await createApp({
      config: loadConfig({}),
      logger: silentLogger,
      database: testDb.database,
      bank: createTestBank(),
    });
    const reply = await app.runtime.handle(invocation('question', 'positional-encoding'));
    expect(reply.title).toBe('Title of positional-encoding');
    const next = await app.runtime.handle(invocation('next'));
    expect(replyToPlainText(next)).toContain('Transformers');
    await app.close();
    await testDb.dispose();
  });
});
