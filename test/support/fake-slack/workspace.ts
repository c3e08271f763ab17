// The fake workspace: resolved identities, the injected clock and the one id sequence every part draws from.
import { FAKE_SLACK_IDS } from './ids.js';
import type { FakeSlackOptions } from './types.js';

export interface Workspace {
  ids: {
    botToken: string;
    appToken: string;
    teamId: string;
    teamDomain: string;
    appId: string;
    botUserId: string;
    botId: string;
  };
  now: () => Date;
  /** 1, 2, 3, …: shared by message timestamps, trigger, view, ticket and envelope ids. */
  next: () => number;
  /** A message `ts` at the injected clock's second. */
  nextTs: () => string;
  /** Epoch seconds of the injected clock. */
  seconds: () => number;
}

export function createWorkspace(options: FakeSlackOptions): Workspace {
  const now = options.now ?? (() => new Date());
  let sequence = 0;
  const next = () => ++sequence;
  const seconds = () => Math.floor(now().getTime() / 1000);
  return {
    ids: {
      botToken: options.botToken ?? FAKE_SLACK_IDS.botToken,
      appToken: options.appToken ?? FAKE_SLACK_IDS.appToken,
      teamId: options.teamId ?? FAKE_SLACK_IDS.teamId,
      teamDomain: options.teamDomain ?? FAKE_SLACK_IDS.teamDomain,
      appId: options.appId ?? FAKE_SLACK_IDS.appId,
      botUserId: options.botUserId ?? FAKE_SLACK_IDS.botUserId,
      botId: options.botId ?? FAKE_SLACK_IDS.botId,
    },
    now,
    next,
    nextTs: () => `${seconds()}.${String(next()).padStart(6, '0')}`,
    seconds,
  };
}
