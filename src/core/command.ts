// The command model: defineCommand, typed options shared by every platform, and parsing of typed text.
import { UserError } from './errors.js';
import type { ArgValues, Invocation } from './invocation.js';
import type { Logger } from './logger.js';
import type { Reply } from './reply.js';

interface OptionBase {
  name: string;
  description: string;
  required?: boolean;
  /** What to tell the member when a required option is missing (default: a usage line). */
  missing?: string;
  /** Typed only as `name=value`, never taken from position (`schedule set 09:00 tz=Europe/Berlin`). */
  keyed?: boolean;
}

/** A word or `key=value` setting; `autocomplete` names a list the platform may suggest from. */
export interface StringOption extends OptionBase {
  type: 'string';
  choices?: readonly string[];
  autocomplete?: 'topic' | 'timezone';
}

export interface IntegerOption extends OptionBase {
  type: 'integer';
  choices?: readonly number[];
  min?: number;
  max?: number;
}

/** Free text: everything after the preceding options, newlines kept. Must be the last option. */
export interface TextOption extends OptionBase {
  type: 'text';
  maxLength?: number;
}

export type OptionSpec = StringOption | IntegerOption | TextOption;

type ValueOf<O extends OptionSpec> = O extends { choices: readonly (infer C)[] }
  ? C
  : O extends IntegerOption
    ? number
    : string;

/** The typed arguments a command's options produce. */
export type ArgsOf<Os extends readonly OptionSpec[]> = {
  [O in Os[number] as O['name']]: O extends { required: true } ? ValueOf<O> : ValueOf<O> | undefined;
};

/** Checks run before a command; they throw a UserError to refuse. */
export type Guard<S = unknown> = (ctx: CommandContext<ArgValues, S>) => void | Promise<void>;

export interface CommandContext<A = ArgValues, S = unknown> {
  invocation: Invocation;
  args: A;
  services: S;
  logger: Logger;
}

export interface CommandDefinition<Os extends readonly OptionSpec[], S> {
  name: string;
  description: string;
  options?: Os;
  /** Nested commands (`schedule set|show|off`); a command with subcommands has no `run` of its own. */
  subcommands?: readonly Command<S>[];
  guards?: readonly Guard<S>[];
  run?: (ctx: CommandContext<ArgsOf<Os>, S>) => Reply | Promise<Reply>;
}

/** A command with its argument types erased, as runtimes and adapters list it. */
export interface Command<S = unknown> {
  name: string;
  description: string;
  options: readonly OptionSpec[];
  subcommands: readonly Command<S>[];
  guards: readonly Guard<S>[];
  run?: (ctx: CommandContext<ArgValues, S>) => Reply | Promise<Reply>;
}

/**
 * Declares a /coach command once for every platform: Discord registers `options` as typed options,
 * Slack and the console parse the text after the command name against them.
 *
 * @example
 * export default defineCommand({
 *   name: 'question',
 *   description: 'Get a question to answer',
 *   options: [{ name: 'topic', type: 'string', description: 'Area slug', autocomplete: 'topic' }] as const,
 *   run: ({ args }) => textReply(`Topic: ${args.topic ?? 'any'}`),
 * });
 */
export function defineCommand<const Os extends readonly OptionSpec[] = [], S = unknown>(
  definition: CommandDefinition<Os, S>,
): Command<S> {
  const options = definition.options ?? ([] as unknown as Os);
  const textIndex = options.findIndex((option) => option.type === 'text');
  if (textIndex !== -1 && textIndex !== options.length - 1) {
    throw new Error(`Command ${definition.name}: a text option must come last`);
  }
  if (!definition.run && !definition.subcommands?.length) {
    throw new Error(`Command ${definition.name}: needs run or subcommands`);
  }
  return {
    name: definition.name,
    description: definition.description,
    options,
    subcommands: definition.subcommands ?? [],
    guards: definition.guards ?? [],
    run: definition.run as Command<S>['run'],
  };
}

/** `/coach question [topic] [difficulty]`, for help and for mistakes. */
export function usageLine<S>(path: readonly string[], command: Command<S>): string {
  if (command.subcommands.length > 0) {
    return `/coach ${path.join(' ')} ${command.subcommands.map((sub) => sub.name).join('|')}`;
  }
  const parts = command.options.map((option) => {
    const shape =
      option.type === 'string' && option.choices
        ? option.choices.join('|')
        : option.name.replaceAll('_', '-');
    if (option.keyed) return option.required ? `${option.name}=<…>` : `[${option.name}=…]`;
    return option.required ? `<${shape}>` : `[${shape}]`;
  });
  return ['/coach', ...path, ...parts].join(' ');
}

/** A tokenizer that keeps "quoted words" together. */
function tokenize(text: string): string[] {
  return [...text.matchAll(/"([^"]*)"|(\S+)/g)].map((match) => match[1] ?? match[2] ?? '');
}

function coerce(option: OptionSpec, raw: string, usage: string): string | number {
  const fail = (why: string): never => {
    throw new UserError('bad_arguments', `${why}\nUsage: \`${usage}\``);
  };
  if (option.type === 'integer') {
    if (!/^-?\d+$/.test(raw)) fail(`\`${option.name}\` must be a whole number, not "${raw}".`);
    const value = Number.parseInt(raw, 10);
    if (option.choices && !option.choices.includes(value)) {
      fail(`\`${option.name}\` must be one of ${option.choices.join(', ')}, not ${value}.`);
    }
    if (option.min !== undefined && value < option.min)
      fail(`\`${option.name}\` must be at least ${option.min}.`);
    if (option.max !== undefined && value > option.max)
      fail(`\`${option.name}\` must be at most ${option.max}.`);
    return value;
  }
  if (option.type === 'string' && option.choices) {
    const choice = option.choices.find((c) => c.toLowerCase() === raw.toLowerCase());
    if (choice === undefined)
      fail(`\`${option.name}\` must be one of ${option.choices.join(', ')}, not "${raw}".`);
    return choice as string;
  }
  if (option.type === 'text' && option.maxLength !== undefined && raw.length > option.maxLength) {
    fail(`\`${option.name}\` is ${raw.length} characters; the limit is ${option.maxLength}.`);
  }
  return raw;
}

/**
 * Parses the text typed after a command against its options: positional values in order, any option
 * also as `name=value`, and a trailing text option taking the rest verbatim.
 */
export function parseArgs<S>(command: Command<S>, text: string, usage: string): ArgValues {
  const args: ArgValues = {};
  const options = command.options;
  const textOption = options.find((option) => option.type === 'text');
  const positional = options.filter((option) => option.type !== 'text' && !option.keyed);
  let rest = text.trim();

  if (textOption) {
    // Only the options before the text are read as words; the text itself is never split or parsed.
    for (const option of positional) {
      const match = /^(\S+)\s*/.exec(rest);
      if (!match?.[1]) break;
      args[option.name] = coerce(option, match[1], usage);
      rest = rest.slice(match[0].length);
    }
    if (rest.length > 0) args[textOption.name] = coerce(textOption, rest, usage);
  } else {
    let next = 0;
    for (const token of tokenize(rest)) {
      const keyed = /^([a-z][a-z0-9_-]*)=(.*)$/i.exec(token);
      const named =
        keyed && options.find((option) => option.name === keyed[1]?.toLowerCase().replaceAll('-', '_'));
      if (keyed && named) {
        args[named.name] = coerce(named, keyed[2] ?? '', usage);
        continue;
      }
      while (next < positional.length && args[positional[next]?.name ?? ''] !== undefined) next++;
      const option = positional[next];
      if (!option) throw new UserError('bad_arguments', `I did not expect "${token}".\nUsage: \`${usage}\``);
      args[option.name] = coerce(option, token, usage);
      next++;
    }
  }

  requireOptions(options, args, usage);
  return args;
}

function requireOptions(options: readonly OptionSpec[], args: ArgValues, usage: string): void {
  for (const option of options) {
    if (option.required && args[option.name] === undefined) {
      throw new UserError(
        'bad_arguments',
        option.missing ?? `\`${option.name}\` is missing.\nUsage: \`${usage}\``,
      );
    }
  }
}

/** Checks arguments a platform already typed (Discord options) the same way typed text is checked. */
export function validateArgs<S>(command: Command<S>, given: ArgValues, usage: string): ArgValues {
  const args: ArgValues = {};
  for (const option of command.options) {
    const value = given[option.name];
    if (value === undefined || value === '') continue;
    args[option.name] = coerce(option, String(value), usage);
  }
  requireOptions(command.options, args, usage);
  return args;
}
