// The persistence the core needs, as an interface: src/db implements it over Postgres or PGlite.
import type { Grade } from '../grading/grader.js';
import type { Invocation, Platform } from './invocation.js';
import type { Difficulty } from './points.js';
import type { LocalDate } from './time.js';

export interface MemberRecord {
  id: number;
  tenantId: number;
  name: string;
  /** The zone the member set with `/coach timezone`; null to use the platform's. */
  timezone: string | null;
  /** The zone the platform reports for the member (Slack profile, console TZ), if any. */
  platformTimezone: string | null;
  leaderboardOptOut: boolean;
  tenantTimezone: string;
}

export interface MemberRef {
  platform: Platform;
  /** The platform's tenant id (Slack team, Discord guild, `console`). */
  tenantId: string;
  userId: string;
  name: string;
  /** The zone the platform reports for the user; also the tenant's zone when the tenant is first seen. */
  timezone?: string;
}

/** The member an invocation speaks for, as the store identifies them. */
export function memberRefOf(invocation: Invocation): MemberRef {
  return {
    platform: invocation.platform,
    tenantId: invocation.tenantId,
    userId: invocation.user.id,
    name: invocation.user.name,
    ...(invocation.user.timezone ? { timezone: invocation.user.timezone } : {}),
  };
}

export interface CurrentQuestion {
  questionId: string;
  topic: string | null;
  difficulty: Difficulty | null;
}

export interface NewAnswer {
  tenantId: number;
  memberId: number;
  channelId: string;
  questionId: string;
  text: string;
  localDate: LocalDate;
  deliveryKey: string;
  /** When the member answered (the coach's clock); leaderboard periods go by it. */
  createdAt: Date;
}

export interface AnswerRecord extends NewAnswer {
  id: number;
  status: 'pending' | 'graded';
  grade: Grade | null;
  counted: boolean;
  points: number;
}

export interface LeaderboardRow {
  rank: number;
  memberId: number;
  name: string;
  points: number;
  answers: number;
}

export interface Leaderboard {
  top: LeaderboardRow[];
  /** The caller's own row, whether or not it is in `top`; null when they have no points in the period. */
  caller: LeaderboardRow | null;
  /** Members ranked (those who opted out are not). */
  ranked: number;
}

/** Where a member's channels post: the weekdays, and the zone of the schedule that speaks for them. */
export type MemberSchedules = { weekdays: Set<number>; timezone: string } | null;

export interface Store {
  /** Finds or creates the tenant and member, refreshing the member's display name. */
  resolveMember(ref: MemberRef): Promise<MemberRecord>;
  /** The member if they exist, without creating or updating anything. */
  findMember(ref: MemberRef): Promise<MemberRecord | null>;
  memberById(id: number): Promise<MemberRecord | null>;
  getCurrentQuestion(memberId: number, channelId: string): Promise<CurrentQuestion | null>;
  setCurrentQuestion(memberId: number, channelId: string, current: CurrentQuestion): Promise<void>;
  /** Ids of the questions the member has a counted (first graded) answer for. */
  countedQuestionIds(memberId: number): Promise<Set<string>>;
  /** Commits a pending answer; the same delivery key twice returns the first answer and `duplicate: true`. */
  insertPendingAnswer(answer: NewAnswer): Promise<{ answer: AnswerRecord; duplicate: boolean }>;
  getAnswer(id: number): Promise<AnswerRecord | null>;
  pendingAnswerIds(): Promise<number[]>;
  /**
   * Stores the grade. The member's first graded answer to a question is `counted` and gets `points`;
   * later ones get 0. Returns the stored answer.
   */
  completeAnswer(id: number, grade: Grade, points: number, gradedAt: Date): Promise<AnswerRecord>;
  /**
   * The schedules of the channels the member answers in (and of `channelId`, where they are now): the ISO
   * weekdays on which they post, and the zone of the channel's schedule (else of the one they answered in
   * last). Null when none has a schedule (then every day asks for an answer).
   */
  memberSchedules(memberId: number, channelId?: string): Promise<MemberSchedules>;
  /** Local dates with a counted answer. */
  countedDates(memberId: number): Promise<LocalDate[]>;
  saveStreak(
    memberId: number,
    streak: { current: number; longest: number; lastActiveDate: LocalDate | null },
  ): Promise<void>;
  /** The member's latest graded answers, newest first. */
  history(memberId: number, limit: number): Promise<AnswerRecord[]>;
  leaderboard(query: {
    tenantId: number;
    memberId: number;
    since: Date | null;
    limit: number;
  }): Promise<Leaderboard>;
  setMemberTimezone(memberId: number, zone: string | null): Promise<void>;
  setLeaderboardOptOut(memberId: number, optOut: boolean): Promise<void>;
  /** Stores a member's report about a question, for maintainers (`coach bank reports`). */
  addReport(report: {
    tenantId: number;
    memberId: number;
    questionId: string;
    note: string;
    createdAt: Date;
  }): Promise<void>;
  /** Marks a tenant removed (the bot was uninstalled) or back (null); its data is deleted 30 days after removal. */
  setTenantRemoved(platform: Platform, tenantId: string, removedAt: Date | null): Promise<void>;
  /** How many members of the tenant answered `questionId` in `channelId` since `since`. */
  countAnswerers(query: {
    tenantId: number;
    channelId: string;
    questionId: string;
    since: Date;
  }): Promise<number>;
  /** Deletes tenants removed before `cutoff`, with everything that belongs to them; returns how many. */
  deleteTenantsRemovedBefore(cutoff: Date): Promise<number>;
  /** Deletes the member with their answers, streak, review cards and current questions. */
  deleteMember(memberId: number): Promise<{ answers: number }>;
}
