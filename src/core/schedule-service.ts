// Channel schedules as members use them: set, show, off, post now and reveal; the scheduler does the rest.
import type { Bank } from '../bank/bank.js';
import { UserError } from './errors.js';
import type { Invocation } from './invocation.js';
import { dailyPostReply, type PostResultsView, revealReply, schedulePausedReply } from './replies.js';
import type { Reply, Section } from './reply.js';
import { describeSchedule, parseScheduleSpec, pickQuestion } from './schedule.js';
import { DEFAULT_LEASE_MS, POST_HISTORY, type ScheduleStore, type Subscription } from './schedule-store.js';
import { type MemberRecord, memberRefOf, type Store } from './store.js';
import { firstValidZone, localDateAt } from './time.js';

export interface ScheduleArgs {
  time?: string | undefined;
  tz?: string | undefined;
  days?: string | undefined;
  topics?: string | undefined;
  difficulty?: string | number | undefined;
  nudge?: string | undefined;
}

export type ScheduleService = ReturnType<typeof createScheduleService>;

/** Creates the schedule service over the member store, the schedule store and the bank. */
export function createScheduleService(deps: {
  store: Store;
  schedules: ScheduleStore;
  bank: Bank;
  now?: () => Date;
  leaseMs?: number;
}) {
  const { store, schedules, bank } = deps;
  const now = deps.now ?? (() => new Date());
  const member = (invocation: Invocation): Promise<MemberRecord> =>
    store.resolveMember(memberRefOf(invocation));
  const topicSlugs = [...new Set(bank.questions.map((q) => q.area))];

  async function subscriptionOf(
    invocation: Invocation,
  ): Promise<{ record: MemberRecord; subscription: Subscription | null }> {
    const record = await member(invocation);
    return { record, subscription: await schedules.subscriptionFor(record.tenantId, invocation.channelId) };
  }

  const noSchedule = () =>
    new UserError(
      'no_schedule',
      'This channel has no schedule. Set one with `schedule set 09:00 tz=Europe/Berlin`.',
    );

  return {
    /** Sets (or replaces) this channel's schedule; nothing is saved when an argument is wrong. */
    async set(invocation: Invocation, args: ScheduleArgs): Promise<Subscription> {
      const record = await member(invocation);
      const zone = firstValidZone(invocation.user.timezone, record.timezone, record.tenantTimezone);
      const spec = parseScheduleSpec(args, { timezone: zone }, topicSlugs);
      if (
        !bank.questions.some(
          (q) =>
            (spec.topics.length === 0 || spec.topics.includes(q.area)) &&
            (spec.difficulty === null || q.difficulty === spec.difficulty),
        )
      ) {
        throw new UserError(
          'bad_schedule',
          'No question matches those topics and that difficulty. Widen one of them.',
        );
      }
      return schedules.saveSubscription({
        tenantId: record.tenantId,
        channelId: invocation.channelId,
        spec,
        createdBy: record.id,
      });
    },

    async show(invocation: Invocation): Promise<{ subscription: Subscription; description: string }> {
      const { subscription } = await subscriptionOf(invocation);
      if (!subscription) throw noSchedule();
      return { subscription, description: describeSchedule(subscription) };
    },

    async off(invocation: Invocation): Promise<boolean> {
      const record = await member(invocation);
      return schedules.deactivate(record.tenantId, invocation.channelId);
    },

    /**
     * Today's question for this channel, now: claims today's post (so the scheduler will not post it again)
     * and returns it, with the previous question's reveal, for the platform to post in the channel.
     */
    async postNow(invocation: Invocation): Promise<Reply> {
      const { subscription } = await subscriptionOf(invocation);
      if (!subscription) throw noSchedule();
      const at = now();
      const localDate = localDateAt(at, subscription.timezone);
      const history = (await schedules.histories([subscription.id], POST_HISTORY)).get(subscription.id) ?? [];
      if (history.some((post) => post.localDate === localDate && post.status === 'sent')) {
        throw new UserError('already_posted', "Today's question is already out in this channel.");
      }
      const question = pickQuestion(bank.questions, history, subscription, `${subscription.id}:${localDate}`);
      if (!question) throw new UserError('bad_schedule', 'No question matches this schedule.');
      const [post] = await schedules.claimPosts(
        [{ subscriptionId: subscription.id, localDate, questionId: question.id }],
        at,
        deps.leaseMs ?? DEFAULT_LEASE_MS,
      );
      if (!post) throw new UserError('already_posted', "Today's question is being posted right now.");
      const reveal = await revealOf(subscription, localDate, at);
      await schedules.markSent(post.id, `reply:${invocation.id}`, at);
      return dailyPostReply(bank.byId(post.questionId) ?? question, reveal);
    },

    /**
     * Pauses of schedules this member set that nobody told them about yet, as sections to show before
     * their reply; each is marked told, so it is shown once (here or by the scheduler's direct message).
     */
    async untoldPauses(invocation: Invocation): Promise<Section[]> {
      const paused = await schedules.untoldPauses({
        platform: invocation.platform,
        tenantId: invocation.tenantId,
        userId: invocation.user.id,
      });
      const sections: Section[] = [];
      for (const subscription of paused) {
        if (await schedules.markPauseTold(subscription.id, now())) {
          sections.push(...schedulePausedReply(subscription).sections);
        }
      }
      return sections;
    },

    /** The last posted question's reference answer and results, now (the next post will not repeat them). */
    async reveal(invocation: Invocation): Promise<Reply> {
      const { subscription } = await subscriptionOf(invocation);
      if (!subscription) throw noSchedule();
      const at = now();
      // Reveal the latest sent post, today's included.
      const tomorrow = localDateAt(new Date(at.getTime() + 36 * 60 * 60 * 1000), subscription.timezone);
      const reveal = await revealOf(subscription, tomorrow, at);
      if (!reveal)
        throw new UserError('nothing_to_reveal', 'There is no posted question waiting for its answer here.');
      return reveal;
    },
  };

  async function revealOf(subscription: Subscription, before: string, at: Date): Promise<Reply | undefined> {
    const latest = (await schedules.unrevealed([subscription.id])).get(subscription.id);
    const previous = latest && latest.localDate < before ? latest : undefined;
    const question = previous ? bank.byId(previous.questionId) : undefined;
    if (!previous || !question) return undefined;
    const results: PostResultsView | undefined = (
      await schedules.results(
        [{ post: previous, channelId: subscription.channelId, tenantId: subscription.tenantId }],
        at,
      )
    ).get(previous.id);
    if (!results) return undefined;
    await schedules.markRevealed(previous.id, at);
    return revealReply(question, results);
  }
}
