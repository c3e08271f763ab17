import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemberRecord, Store } from '../../src/core/store.js';
import { createStore } from '../../src/db/store.js';
import type { Grade } from '../../src/grading/grader.js';
import { createTestDatabase, type TestDatabase, testDatabaseKinds } from '../support/db.js';

const grade = (score: number): Grade => ({
  score,
  verdict: score >= 70 ? 'correct' : score >= 40 ? 'partial' : 'incorrect',
  keyPoints: [{ text: 'a point', covered: score >= 50 }],
  feedback: 'ok',
  grader: 'rubric',
  flags: [],
});

describe.each(testDatabaseKinds)('store on %s', (kind) => {
  let testDb: TestDatabase;
  let store: Store;
  let keys = 0;

  beforeAll(async () => {
    testDb = await createTestDatabase(kind);
    store = createStore(testDb.database.db);
  });
  afterAll(() => testDb.dispose());

  const member = (userId: string, tenantId = 'team-a', name = userId) =>
    store.resolveMember({ platform: 'slack', tenantId, userId, name, timezone: 'UTC' });

  async function answered(who: MemberRecord, questionId: string, score: number, createdAt?: Date) {
    const { answer } = await store.insertPendingAnswer({
      tenantId: who.tenantId,
      memberId: who.id,
      channelId: 'c1',
      questionId,
      text: 'an answer',
      localDate: (createdAt ?? new Date()).toISOString().slice(0, 10),
      deliveryKey: `k-${++keys}`,
      createdAt: createdAt ?? new Date(),
    });
    return store.completeAnswer(answer.id, grade(score), Math.round(score / 10), createdAt ?? new Date());
  }

  it('creates a tenant and member once and refreshes the name', async () => {
    const first = await member('U1', 'team-a', 'Ada');
    const again = await member('U1', 'team-a', 'Ada L.');
    expect(again.id).toBe(first.id);
    expect(again.name).toBe('Ada L.');
    expect((await store.memberById(first.id))?.name).toBe('Ada L.');
    expect(
      await store.findMember({ platform: 'slack', tenantId: 'team-a', userId: 'nobody', name: 'x' }),
    ).toBeNull();
    // The same user id in another tenant (or platform) is another member.
    expect((await member('U1', 'team-b')).id).not.toBe(first.id);
    expect(
      (await store.resolveMember({ platform: 'discord', tenantId: 'team-a', userId: 'U1', name: 'x' })).id,
    ).not.toBe(first.id);
  });

  it('records a delivery once, however often it arrives', async () => {
    const who = await member('U2');
    const answer = {
      tenantId: who.tenantId,
      memberId: who.id,
      channelId: 'c1',
      questionId: 'q1',
      text: 't',
      localDate: '2026-11-29',
      deliveryKey: 'slack:V123',
      createdAt: new Date(),
    };
    const first = await store.insertPendingAnswer(answer);
    const second = await store.insertPendingAnswer({ ...answer, text: 'different' });
    expect(first.duplicate).toBe(false);
    expect(second).toMatchObject({
      duplicate: true,
      answer: { id: first.answer.id, text: 't', status: 'pending' },
    });
    expect(await store.pendingAnswerIds()).toContain(first.answer.id);
  });

  it('counts only the first graded answer to a question', async () => {
    const who = await member('U3');
    const first = await answered(who, 'q-counted', 80);
    const second = await answered(who, 'q-counted', 100);
    expect(first).toMatchObject({ status: 'graded', counted: true, points: 8 });
    expect(second).toMatchObject({ status: 'graded', counted: false, points: 0 });
    expect(await store.countedQuestionIds(who.id)).toEqual(new Set(['q-counted']));
    expect((await store.history(who.id, 10)).map((a) => a.id)).toEqual([second.id, first.id]);
  });

  it('counts exactly one of two gradings racing for the same question', async () => {
    const who = await member('U4');
    const pending = await Promise.all(
      ['race-1', 'race-2'].map((key) =>
        store.insertPendingAnswer({
          tenantId: who.tenantId,
          memberId: who.id,
          channelId: 'c1',
          questionId: 'q-race',
          text: 't',
          localDate: '2026-11-29',
          deliveryKey: key,
          createdAt: new Date(),
        }),
      ),
    );
    const graded = await Promise.all(
      pending.map(({ answer }) => store.completeAnswer(answer.id, grade(90), 9, new Date())),
    );
    expect(graded.filter((a) => a.counted)).toHaveLength(1);
  });

  it('grading one answer twice at once stores one grade and returns it to both', async () => {
    const who = await member('U-twice-at-once');
    const { answer } = await store.insertPendingAnswer({
      tenantId: who.tenantId,
      memberId: who.id,
      channelId: 'c1',
      questionId: 'q-at-once',
      text: 't',
      localDate: '2026-11-29',
      deliveryKey: 'at-once',
      createdAt: new Date(),
    });
    const [a, b] = await Promise.all([
      store.completeAnswer(answer.id, grade(90), 9, new Date()),
      store.completeAnswer(answer.id, grade(20), 2, new Date()),
    ]);
    expect(a?.grade?.score).toBe(b?.grade?.score);
    expect(a).toMatchObject({ counted: true, status: 'graded' });
  });

  it('grading twice keeps the first grade', async () => {
    const who = await member('U5');
    const first = await answered(who, 'q-twice', 60);
    const again = await store.completeAnswer(first.id, grade(10), 1, new Date());
    expect(again).toMatchObject({ id: first.id, points: first.points, grade: { score: 60 } });
  });

  it('ranks a tenant by points with ties, the caller included when outside the top', async () => {
    const tenant = 'team-board';
    const players = await Promise.all(
      Array.from({ length: 12 }, (_, i) => member(`P${String(i).padStart(2, '0')}`, tenant)),
    );
    // Scores 100, 92, 84, 100 (a tie with P00), 68, ... 12: points are score / 10, rounded.
    for (const [i, who] of players.entries()) {
      const score = i === 3 ? 100 : 100 - i * 8;
      await answered(who, `q-${i}`, score);
    }
    const caller = players[11] as MemberRecord;
    const board = await store.leaderboard({
      tenantId: caller.tenantId,
      memberId: caller.id,
      since: null,
      limit: 10,
    });
    expect(board.ranked).toBe(12);
    expect(board.top).toHaveLength(10);
    expect(board.top.slice(0, 5).map((row) => [row.name, row.points, row.rank])).toEqual([
      ['P00', 10, 1],
      ['P03', 10, 1],
      ['P01', 9, 3],
      ['P02', 8, 4],
      ['P04', 7, 5],
    ]);
    expect(board.caller).toMatchObject({ name: 'P11', rank: 12, points: 1 });
    // Another tenant sees none of it.
    const outsider = await member('P00', 'team-other');
    expect(
      (
        await store.leaderboard({
          tenantId: outsider.tenantId,
          memberId: outsider.id,
          since: null,
          limit: 10,
        })
      ).top,
    ).toEqual([]);
  });

  it('leaves out members who opted out, and answers before the period', async () => {
    const tenant = 'team-period';
    const [early, late, hidden] = await Promise.all(
      ['early', 'late', 'hidden'].map((id) => member(id, tenant)),
    );
    if (!early || !late || !hidden) throw new Error('members missing');
    await answered(early, 'q-a', 100, new Date('2026-11-01T10:00:00Z'));
    await answered(late, 'q-a', 50, new Date('2026-11-25T10:00:00Z'));
    await answered(hidden, 'q-a', 100, new Date('2026-11-25T10:00:00Z'));
    await store.setLeaderboardOptOut(hidden.id, true);
    const week = await store.leaderboard({
      tenantId: late.tenantId,
      memberId: hidden.id,
      since: new Date('2026-11-23T00:00:00Z'),
      limit: 10,
    });
    expect(week.top.map((row) => row.name)).toEqual(['late']);
    expect(week.caller).toBeNull();
    const all = await store.leaderboard({
      tenantId: late.tenantId,
      memberId: late.id,
      since: null,
      limit: 10,
    });
    expect(all.top.map((row) => row.name)).toEqual(['early', 'late']);
  });

  it('forgets a member: answers, streak and current question go with them', async () => {
    const who = await member('U-forget');
    await answered(who, 'q-f1', 70);
    await answered(who, 'q-f2', 70);
    await store.saveStreak(who.id, { current: 1, longest: 1, lastActiveDate: '2026-11-29' });
    await store.setCurrentQuestion(who.id, 'c1', { questionId: 'q-f3', topic: null, difficulty: null });
    expect(await store.deleteMember(who.id)).toEqual({ answers: 2 });
    expect(await store.memberById(who.id)).toBeNull();
    expect(await store.countedDates(who.id)).toEqual([]);
    expect(await store.getCurrentQuestion(who.id, 'c1')).toBeNull();
  });
});
