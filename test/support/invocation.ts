// Builds Invocations for tests the way an adapter would.
import { randomUUID } from 'node:crypto';
import type { Invocation, InvocationUser } from '../../src/core/invocation.js';

export function invocation(
  command: string,
  text = '',
  overrides: Partial<Omit<Invocation, 'user'>> & { user?: Partial<InvocationUser> } = {},
): Invocation {
  const { user, ...rest } = overrides;
  return {
    id: randomUUID(),
    platform: 'console',
    tenantId: 'team-1',
    channelId: 'general',
    command,
    text,
    raw: null,
    ...rest,
    user: { id: 'ada', name: 'Ada', isAdmin: false, timezone: 'UTC', ...user },
  };
}
