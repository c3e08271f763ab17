// The command runtime: finds the command an invocation names, parses its arguments, runs guards and the command.
import { type Command, parseArgs, usageLine, validateArgs } from './command.js';
import { isUserError, UserError } from './errors.js';
import type { Invocation } from './invocation.js';
import type { Logger } from './logger.js';
import { type Reply, type Section, textReply } from './reply.js';

export interface CommandRuntime {
  /** Runs an invocation to a reply; never throws (errors become a short, safe reply). */
  handle(invocation: Invocation): Promise<Reply>;
  readonly commands: readonly Command<unknown>[];
}

interface Resolved {
  command: Command<unknown>;
  path: string[];
  text: string;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] ?? 0;
      row[j] = Math.min(above + 1, (row[j - 1] ?? 0) + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length] ?? 0;
}

function unknownCommand(name: string, among: readonly Command<unknown>[], prefix: string): UserError {
  const closest = among
    .map((command) => ({ name: command.name, distance: editDistance(name, command.name) }))
    .sort((a, b) => a.distance - b.distance)[0];
  const hint = closest && closest.distance <= 2 ? ` Did you mean \`${prefix}${closest.name}\`?` : '';
  return new UserError(
    'unknown_command',
    `I don't know \`${prefix}${name}\`.${hint} Type \`help\` to see what I can do.`,
  );
}

function resolve(commands: readonly Command<unknown>[], invocation: Invocation): Resolved {
  // `schedule set` may arrive as the command path (Discord) or as the first words of the text (typed).
  const words = invocation.command.trim().toLowerCase().split(/\s+/).filter(Boolean);
  let text = invocation.text;
  const first = words.shift();
  if (!first) throw new UserError('unknown_command', 'Type `help` to see what I can do.');
  const top = commands.find((c) => c.name === first);
  if (!top) throw unknownCommand(first, commands, '');
  let command: Command<unknown> = top;
  const path = [first];
  while (command.subcommands.length > 0) {
    let name = words.shift();
    if (!name) {
      const match = /^\s*(\S+)\s*/.exec(text);
      name = match?.[1]?.toLowerCase();
      if (match) text = text.slice(match[0].length);
    }
    const usage = usageLine(path, command);
    if (!name) throw new UserError('bad_arguments', `Which one? Usage: \`${usage}\``);
    const sub: Command<unknown> | undefined = command.subcommands.find((c) => c.name === name);
    if (!sub) throw unknownCommand(name, command.subcommands, `${path.join(' ')} `);
    command = sub;
    path.push(name);
  }
  return { command, path, text };
}

/**
 * Builds the runtime over an explicit list of commands and the services they receive as `ctx.services`.
 */
export function createCommandRuntime<S>(deps: {
  commands: readonly Command<S>[];
  services: S;
  logger: Logger;
  /**
   * What the caller should hear before their reply (a schedule they set was paused). Asked only for
   * replies only they see, and taken as told once returned.
   */
  notices?: (invocation: Invocation) => Promise<Section[]>;
}): CommandRuntime {
  const { services, logger } = deps;
  // Erased once here: each command's `run` receives exactly the services it was typed against.
  const commands = deps.commands as unknown as readonly Command<unknown>[];

  const failureReply = (invocation: Invocation, error: unknown): Reply => {
    if (isUserError(error)) return textReply(error.message);
    logger.error({ err: error, invocationId: invocation.id, command: invocation.command }, 'command failed');
    return textReply(
      `Something went wrong on my side (ref \`${invocation.id}\`). Please try again in a moment.`,
    );
  };

  const guardFollowUp = (invocation: Invocation, reply: Reply): Reply => {
    const followUp = reply.followUp;
    if (!followUp) return reply;
    return {
      ...reply,
      followUp: async () => {
        try {
          return guardFollowUp(invocation, await followUp());
        } catch (error) {
          return failureReply(invocation, error);
        }
      },
    };
  };

  const withNotices = async (invocation: Invocation, reply: Reply): Promise<Reply> => {
    if (!deps.notices || reply.visibility !== 'ephemeral') return reply;
    try {
      const notices = await deps.notices(invocation);
      return notices.length === 0 ? reply : { ...reply, sections: [...notices, ...reply.sections] };
    } catch (error) {
      logger.error({ err: error, invocationId: invocation.id }, 'could not read notices');
      return reply;
    }
  };

  return {
    commands,
    async handle(invocation) {
      try {
        const { command, path, text } = resolve(commands, invocation);
        const usage = usageLine(path, command);
        const args = invocation.args
          ? validateArgs(command, invocation.args, usage)
          : parseArgs(command, text, usage);
        const ctx = { invocation, args, services, logger };
        for (const guard of command.guards) await guard(ctx);
        if (!command.run) throw new UserError('bad_arguments', `Usage: \`${usage}\``);
        return await withNotices(invocation, guardFollowUp(invocation, await command.run(ctx)));
      } catch (error) {
        return failureReply(invocation, error);
      }
    },
  };
}
