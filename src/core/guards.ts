// Reusable checks that run before a command and refuse it with a UserError.
import type { Guard } from './command.js';
import { UserError } from './errors.js';

/** Only workspace admins (Slack), members with Manage Server (Discord) or anyone on the console. */
export const adminOnly: Guard<unknown> = ({ invocation }) => {
  if (!invocation.user.isAdmin) {
    const who =
      invocation.platform === 'discord'
        ? 'members with the Manage Server permission'
        : 'workspace admins and owners';
    throw new UserError('admin_only', `Only ${who} can use \`${invocation.command}\`.`);
  }
};
