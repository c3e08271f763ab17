// Member details from users.info (display name, time zone, admin), cached so a busy channel costs few calls.
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../core/logger.js';
import { slackCall } from './errors.js';

export interface SlackMember {
  name: string;
  /** The IANA zone of the member's Slack profile. */
  timezone?: string;
  /** Workspace admins and owners may run admin-only commands. */
  isAdmin: boolean;
}

const TTL_MS = 10 * 60 * 1000;
const MAX_ENTRIES = 5_000;

export interface MemberDirectory {
  /** The member's details; falls back to the name Slack sent with the request when users.info fails. */
  get(teamId: string, userId: string, fallbackName?: string): Promise<SlackMember>;
}

export function createMemberDirectory(deps: {
  client: WebClient;
  logger: Logger;
  now: () => Date;
}): MemberDirectory {
  const cache = new Map<string, { member: SlackMember; until: number }>();
  return {
    async get(teamId, userId, fallbackName) {
      const key = `${teamId}:${userId}`;
      const hit = cache.get(key);
      const now = deps.now().getTime();
      if (hit && hit.until > now) return hit.member;
      try {
        const { user } = await slackCall('users.info', () => deps.client.users.info({ user: userId }));
        const member: SlackMember = {
          name: user?.profile?.display_name || user?.real_name || user?.name || fallbackName || userId,
          isAdmin: Boolean(user?.is_admin || user?.is_owner || user?.is_primary_owner),
          ...(user?.tz ? { timezone: user.tz } : {}),
        };
        if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
        cache.set(key, { member, until: now + TTL_MS });
        return member;
      } catch (error) {
        deps.logger.warn({ err: error, userId }, 'users.info failed; using the name from the request');
        return { name: fallbackName || userId, isAdmin: false };
      }
    },
  };
}
