// A member's past days of answers, written through the real store as graded answers are: streak fixtures.
import type { MemberRef } from '../../src/core/store.js';
import type { Database } from '../../src/db/client.js';
import { createStore } from '../../src/db/store.js';

/**
 * Gives the member one graded answer on each local date, each to its own question, so every day counts
 * toward their streak (only a member's first graded answer to a question counts).
 *
 * @example
 * await seedAnsweredDays(database, ref, [{ date: '2026-03-13', questionId: 'what-is-rag' }]);
 */
export async function seedAnsweredDays(
  database: Database,
  member: MemberRef,
  days: readonly { date: string; questionId: string }[],
): Promise<void> {
  const store = createStore(database.db);
  const record = await store.resolveMember(member);
  for (const { date, questionId } of days) {
    const at = new Date(`${date}T12:00:00Z`);
    const { answer } = await store.insertPendingAnswer({
      tenantId: record.tenantId,
      memberId: record.id,
      channelId: 'streak-history',
      questionId,
      text: `An earlier answer to ${questionId}.`,
      localDate: date,
      deliveryKey: `streak-history:${member.platform}:${member.userId}:${date}`,
      createdAt: at,
    });
    const grade = {
      score: 80,
      verdict: 'correct' as const,
      keyPoints: [{ text: 'a point', covered: true }],
      feedback: 'ok',
      grader: 'rubric' as const,
      flags: [],
    };
    const graded = await store.completeAnswer(answer.id, grade, 10, at);
    if (!graded.counted) throw new Error(`${questionId} was answered before: ${date} would not count`);
  }
}
