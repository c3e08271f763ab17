import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlackAdapterError } from '../../src/adapters/slack/errors.js';
import { silentLogger } from '../../src/core/logger.js';
import { type Reply, replyToPlainText } from '../../src/core/reply.js';
import { createScheduleStore } from '../../src/db/schedule-store.js';
import { type App, dailyQuestionsDeps } from '../../src/main.js';
import { dailyQuestionsJob } from '../../src/scheduler/jobs.js';
import type { PostTarget, Send } from '../../src/scheduler/send-queue.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createTestBank } from '../support/bank.js';
import { createTestClock } from '../support/clock.js';
import { rowCounts, type TestDatabase, testDatabaseKinds } from '../support/db.js';
import { invocation } from '../support/invocation.js';

/** Records channel posts and direct messages; refuses what `refuse` says. */
function recordingSender(refuse: (target: PostTarget) => unknown = () => undefined) {
  const sent: { target: PostTarget; text: string }[] = [];
  const send: Send = async (target, reply) => {
    const error = refuse(target);
    if (error) throw error;
    sent.push({ target, text: replyToPlainText(reply) });
    return { ref: `ref-${sent.length}` };
  };
  return {
    send,
    posts: (channelId: string) => sent.filter((s) => !s.target.userId && s.target.channelId === channelId),
    directTo: (userId: string) => sent.filter((s) => s.target.userId === userId),
  };
}

describe.each(testDatabaseKinds)('pause notices and nudges on %s', (kind) => {
  let testDb: TestDatabase;
  let app: App;
  const clock = createTestClock('2026-03-02T08:00:00Z');
  const bank = createTestBank();
  let n = 0;
  const as = async (user: string, command: string, text = '', options: { channel?: string } = {}) => {
    let reply: Reply | undefined = await app.runtime.handle(
      invocation(command, text, {
        tenantId: 'team-n',
        channelId: options.channel ?? 'c-nudge',
        user: { id: user, name: user, isAdmin: user === 'boss' },
        deliveryKey: `notice:${++n}`,
      }),
    );
    let all = '';
    while (reply) {
      all += `${replyToPlainText(reply)}\n`;
      reply = reply.followUp ? await reply.followUp() : undefined;
    }
    return all;
  };
  /** Answers today's question of the channel (or any question) as `user` at the clock's time. */
  const answer = async (user: string, questionId: string, channel = 'c-nudge') => {
    await as(user, 'question', questionId, { channel });
    return as(user, 'answer', 'RAG retrieves documents from an index and feeds them to the model.', {
      channel,
    });
  };
  const tick = (send: Send, at: string, schedules = app.schedules) =>
    dailyQuestionsJob({ ...dailyQuestionsDeps(app, send, silentLogger), schedules }, new Date(at));

  let started: TestApp;
  beforeAll(async () => {
    started = await startTestApp({ kind, bank, clock, seed: 5 });
    ({ testDb, app } = started);
  });
  afterAll(() => started.stop());

  it('a paused schedule: the admin who set it gets a direct message saying why, once', async () => {
    await as('boss', 'schedule', 'set 11:00 tz=UTC', { channel: 'c-gone' });
    const sender = recordingSender((target) =>
      target.userId ? undefined : new SlackAdapterError('not_in_channel', 'chat.postMessage'),
    );
    await tick(sender.send, '2026-03-02T11:00:00Z');
    const told = sender.directTo('boss');
    expect(told).toHaveLength(1);
    expect(told[0]?.text).toContain('channel `c-gone` is paused');
    expect(told[0]?.text).toContain('not_in_channel');
    expect(told[0]?.text).toContain('`schedule set`');
    // Told already: the next command carries no notice, and the tick does not tell again.
    expect(await as('boss', 'streak')).not.toContain('paused');
    await tick(sender.send, '2026-03-02T11:05:00Z');
    expect(sender.directTo('boss')).toHaveLength(1);
  });

  it('when the direct message fails too, the admin hears it with their next command, once', async () => {
    await as('boss', 'schedule', 'set 12:00 tz=UTC', { channel: 'c-locked' });
    const sender = recordingSender(() => new SlackAdapterError('channel_not_found', 'chat.postMessage'));
    await tick(sender.send, '2026-03-02T12:00:00Z');
    expect(sender.directTo('boss')).toEqual([]);
    // Another member hears nothing; a reply the whole channel sees does not carry it either.
    expect(await as('ada', 'streak')).not.toContain('paused');
    expect(await as('boss', 'leaderboard')).not.toContain('c-locked');
    const next = await as('boss', 'streak');
    expect(next).toContain('channel `c-locked` is paused');
    expect(next).toContain('channel_not_found');
    expect(next).toContain('streak');
    expect(await as('boss', 'streak')).not.toContain('paused');
    // Setting it again resumes it, and a later pause is told again.
    await as('boss', 'schedule', 'set 12:00 tz=UTC', { channel: 'c-locked' });
    await tick(sender.send, '2026-03-03T12:00:00Z');
    expect(await as('boss', 'streak')).toContain('channel `c-locked` is paused');
  });

  it('a post claimed just before local midnight whose process died is marked missed, and logged', async () => {
    await as('boss', 'schedule', 'set 23:58 tz=UTC', { channel: 'c-midnight' });
    const crash: Send = async () => {
      throw new Error('the process died between claim and send');
    };
    await tick(crash, '2026-03-04T23:58:00Z');
    const warnings: string[] = [];
    const logger = { ...silentLogger, warn: (_: object, msg?: string) => warnings.push(msg ?? '') };
    const sender = recordingSender();
    const tickLogged = (at: string) =>
      dailyQuestionsJob(dailyQuestionsDeps(app, sender.send, logger), new Date(at));
    // After midnight the day is over: it is not posted late...
    await tickLogged('2026-03-05T00:10:00Z');
    expect(sender.posts('c-midnight')).toEqual([]);
    // ...and once its day is surely over everywhere, it is marked missed and said so, once.
    await tickLogged('2026-03-06T02:10:00Z');
    await tickLogged('2026-03-06T02:11:00Z');
    expect(warnings.filter((w) => w.includes('missed'))).toHaveLength(1);
    const [missed] = (await app.schedules.postsOn(['2026-03-04'])).filter((p) => p.status === 'failed');
    expect(missed?.localDate).toBe('2026-03-04');
    await as('boss', 'schedule', 'off', { channel: 'c-midnight' });
  });

  it('nudges members with a live streak who have not answered today, once, by direct message', async () => {
    await as('boss', 'schedule', 'set 09:00 tz=UTC nudge=18:00', { channel: 'c-nudge' });
    const sender = recordingSender();
    // Carl answered here on Feb 25 and let his streak lapse; Ada and Bea answered on Mar 2.
    clock.set('2026-02-25T10:00:00Z');
    await answer('carl', 'rag-chunking');
    await tick(sender.send, '2026-03-02T09:00:00Z');
    clock.set('2026-03-02T10:00:00Z');
    await answer('ada', 'what-is-rag');
    await answer('bea', 'what-is-rag');
    // Mar 3: the question goes out; Bea answers it before the nudge, Ada does not.
    await tick(sender.send, '2026-03-03T09:00:00Z');
    clock.set('2026-03-03T12:00:00Z');
    await answer('bea', 'rag-chunking');
    const before = await rowCounts(testDb.database);
    await tick(sender.send, '2026-03-03T17:59:00Z');
    expect(['ada', 'bea', 'carl'].flatMap((who) => sender.directTo(who))).toEqual([]);

    await tick(sender.send, '2026-03-03T18:00:00Z');
    expect(sender.directTo('ada')).toHaveLength(1);
    expect(sender.directTo('ada')[0]?.text).toContain('1-day streak is alive');
    expect(sender.directTo('ada')[0]?.target.channelId).toBe('c-nudge');
    expect(sender.directTo('bea')).toEqual([]);
    expect(sender.directTo('carl')).toEqual([]);

    // Once a day, even with a second scheduler on its own store (a replica) ticking later.
    const replica = createScheduleStore(testDb.database.db);
    await tick(sender.send, '2026-03-03T18:01:00Z', replica);
    await tick(sender.send, '2026-03-03T20:00:00Z');
    expect(sender.directTo('ada')).toHaveLength(1);
    // Nudges write nothing but the claim on the day's post.
    const after = await rowCounts(testDb.database);
    expect({ ...after, posts: before.posts }).toEqual(before);
    await as('boss', 'schedule', 'off', { channel: 'c-nudge' });
  });

  it('no nudge on a day without a post (a weekend on Mon–Fri), nor without a nudge time', async () => {
    await as('boss', 'schedule', 'set 09:00 tz=UTC days=mon-fri nudge=18:00', { channel: 'c-weekdays' });
    await as('boss', 'schedule', 'set 09:00 tz=UTC', { channel: 'c-plain' });
    const sender = recordingSender();
    await tick(sender.send, '2026-03-06T09:00:00Z'); // Friday
    clock.set('2026-03-06T10:00:00Z');
    await answer('dan', 'attention-basics', 'c-weekdays');
    await answer('eve', 'attention-basics', 'c-plain');
    // Saturday: c-weekdays posts nothing, so nobody is nudged; c-plain posts but has no nudge time.
    await tick(sender.send, '2026-03-07T09:00:00Z');
    await tick(sender.send, '2026-03-07T18:30:00Z');
    expect(sender.posts('c-weekdays')).toHaveLength(1);
    expect(sender.posts('c-plain')).toHaveLength(2);
    expect([...sender.directTo('dan'), ...sender.directTo('eve')]).toEqual([]);
  });
});
