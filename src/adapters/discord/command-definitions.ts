// The /coach application command built from the shared command definitions, and reading interactions back.
import {
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandSubcommandGroupOption,
  type APIApplicationCommandSubcommandOption,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { Command, OptionSpec } from '../../core/command.js';
import { clipPlain } from './render.js';

// Application command reference: names 1–32 lower-case letters, digits, - or _; descriptions 1–100;
// ≤ 25 options (or subcommands) at each level and ≤ 25 choices; string options up to 6,000 characters.
const NAME = /^[-_\p{L}\p{N}]{1,32}$/u;
const MAX_DESCRIPTION = 100;
const MAX_OPTIONS = 25;
const MAX_CHOICES = 25;
const MAX_CHOICE_TEXT = 100;
const MAX_STRING_OPTION = 6_000;
/** A `text` option without its own limit takes as much as an answer may hold. */
const DEFAULT_TEXT_LENGTH = 4_000;
const ROOT_NAME = 'coach';
const ROOT_DESCRIPTION = 'AI/ML interview practice: questions, graded answers, streaks and a leaderboard';

export interface Topic {
  slug: string;
  title: string;
}

export interface CoachCommandOptions {
  /** The bank's topics: a `topic` option offers autocomplete only when there are some to offer. */
  topics: readonly Topic[];
}

type Subcommand = APIApplicationCommandSubcommandOption;
type SubcommandGroup = APIApplicationCommandSubcommandGroupOption;

function discordName(name: string, what: string): string {
  const lower = name.toLowerCase();
  if (!NAME.test(lower)) {
    throw new Error(`Discord cannot register ${what} "${name}": 1–32 letters, digits, - or _`);
  }
  return lower;
}

/** A description Discord takes: one line, code marks dropped (Discord shows them raw), at most 100 characters. */
function discordDescription(text: string, fallback: string): string {
  const line = text
    .replace(/`([^`]*)`/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
  return clipPlain(line || fallback, MAX_DESCRIPTION);
}

function atMost<T>(items: readonly T[], what: string): readonly T[] {
  if (items.length > MAX_OPTIONS)
    throw new Error(`Discord allows ${MAX_OPTIONS} ${what}, not ${items.length}`);
  return items;
}

/** Static choices when Discord can list them all; past 25 the option stays free text and the core checks it. */
function choicesOf<T extends string | number>(choices: readonly T[] | undefined): T[] | undefined {
  if (!choices?.length || choices.length > MAX_CHOICES) return undefined;
  if (choices.some((choice) => String(choice).length > MAX_CHOICE_TEXT)) return undefined;
  return [...choices];
}

function basicOption(option: OptionSpec, settings: CoachCommandOptions): APIApplicationCommandBasicOption {
  const base = {
    name: discordName(option.name, 'the option'),
    description: discordDescription(option.description, option.name),
    ...(option.required ? { required: true } : {}),
  };
  switch (option.type) {
    case 'string': {
      const choices = choicesOf(option.choices);
      if (choices) {
        return {
          ...base,
          type: ApplicationCommandOptionType.String,
          choices: choices.map((choice) => ({ name: choice, value: choice })),
        };
      }
      const offered =
        option.autocomplete === 'timezone' || (option.autocomplete === 'topic' && settings.topics.length > 0);
      return {
        ...base,
        type: ApplicationCommandOptionType.String,
        ...(offered ? { autocomplete: true } : {}),
      };
    }
    case 'integer': {
      const choices = choicesOf(option.choices);
      return {
        ...base,
        type: ApplicationCommandOptionType.Integer,
        ...(choices ? { choices: choices.map((choice) => ({ name: String(choice), value: choice })) } : {}),
        ...(option.min !== undefined ? { min_value: option.min } : {}),
        ...(option.max !== undefined ? { max_value: option.max } : {}),
      };
    }
    case 'text':
      return {
        ...base,
        type: ApplicationCommandOptionType.String,
        max_length: Math.min(option.maxLength ?? DEFAULT_TEXT_LENGTH, MAX_STRING_OPTION),
      };
  }
}

/** Discord refuses an optional option before a required one: required first, each group in its own order. */
function requiredFirst(options: readonly OptionSpec[]): OptionSpec[] {
  return [...options.filter((option) => option.required), ...options.filter((option) => !option.required)];
}

function subcommand<S>(command: Command<S>, settings: CoachCommandOptions): Subcommand {
  const list = atMost(requiredFirst(command.options), `options on ${command.name}`);
  return {
    type: ApplicationCommandOptionType.Subcommand,
    name: discordName(command.name, 'the command'),
    description: discordDescription(command.description, command.name),
    ...(list.length > 0 ? { options: list.map((option) => basicOption(option, settings)) } : {}),
  };
}

function entry<S>(command: Command<S>, settings: CoachCommandOptions): Subcommand | SubcommandGroup {
  if (command.subcommands.length === 0) return subcommand(command, settings);
  const subcommands = atMost(command.subcommands, `subcommands in ${command.name}`);
  return {
    type: ApplicationCommandOptionType.SubcommandGroup,
    name: discordName(command.name, 'the command'),
    description: discordDescription(command.description, command.name),
    options: subcommands.map((sub) => {
      // Discord nests two levels under a command: /coach group subcommand.
      if (sub.subcommands.length > 0)
        throw new Error(`Discord cannot nest ${command.name} ${sub.name} further`);
      return subcommand(sub, settings);
    }),
  };
}

/**
 * The one `/coach` chat input command, guild-only, with a subcommand per shared command and a subcommand
 * group per command with subcommands (`/coach schedule set`). Throws when a definition cannot be registered.
 *
 * @example
 * await rest.put(Routes.applicationGuildCommands(appId, guildId), {
 *   body: [buildCoachCommand(commands, { topics: AREAS })],
 * });
 */
export function buildCoachCommand<S>(
  commands: readonly Command<S>[],
  options: CoachCommandOptions,
): RESTPostAPIChatInputApplicationCommandsJSONBody {
  return {
    type: ApplicationCommandType.ChatInput,
    name: ROOT_NAME,
    description: ROOT_DESCRIPTION,
    // Members, streaks and leaderboards belong to a guild: no DMs, no user installs.
    contexts: [InteractionContextType.Guild],
    integration_types: [ApplicationIntegrationType.GuildInstall],
    options: atMost(commands, 'subcommands under /coach').map((command) => entry(command, options)),
  };
}

/** An option of a chat input interaction, as the API sends it and as discord.js's `options.data` holds it. */
export interface InteractionOption {
  type: number;
  name: string;
  value?: unknown;
  options?: readonly InteractionOption[];
}

/** The command path and arguments of an invocation. */
export interface CommandPath {
  /** `question`, or group and subcommand: `schedule set`. */
  command: string;
  args: Record<string, string | number>;
}

const NESTING: readonly number[] = [
  ApplicationCommandOptionType.Subcommand,
  ApplicationCommandOptionType.SubcommandGroup,
];

/**
 * The subcommand path under `/coach` and its typed option values.
 *
 * @example
 * readCommandPath({ name: 'coach', options: [{ type: 1, name: 'question', options: [{ type: 4, name: 'difficulty', value: 2 }] }] })
 * // { command: 'question', args: { difficulty: 2 } }
 */
export function readCommandPath(data: { name: string; options?: readonly InteractionOption[] }): CommandPath {
  const nestedIn = (list: readonly InteractionOption[]) =>
    list.find((option) => NESTING.includes(option.type));
  const path: string[] = [];
  let options = data.options ?? [];
  let nested = nestedIn(options);
  while (nested) {
    path.push(nested.name);
    options = nested.options ?? [];
    nested = nestedIn(options);
  }
  const args: Record<string, string | number> = {};
  for (const option of options) {
    if (typeof option.value === 'string' || typeof option.value === 'number')
      args[option.name] = option.value;
  }
  return { command: path.join(' '), args };
}

export interface AutocompleteChoice {
  name: string;
  value: string;
}

/** 0 for an exact match of any key, 1 for a prefix, 2 for a substring; undefined for no match. */
function matchRank(keys: readonly string[], query: string): number | undefined {
  const lower = keys.map((key) => key.toLowerCase());
  if (lower.some((key) => key === query)) return 0;
  if (lower.some((key) => key.startsWith(query))) return 1;
  if (lower.some((key) => key.includes(query))) return 2;
  return undefined;
}

/** Items matching `query`, best first (exact, then prefix, then substring), each rank in the list's order. */
function ranked<T>(items: readonly T[], query: string, keys: (item: T) => string[]): T[] {
  return items
    .map((item, index) => ({ item, index, rank: matchRank(keys(item), query) }))
    .filter((entry): entry is { item: T; index: number; rank: number } => entry.rank !== undefined)
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map((entry) => entry.item);
}

/** Zones ICU still lists under their old names; members look for the current ones (both are accepted). */
const RENAMED: Record<string, string> = {
  'America/Buenos_Aires': 'America/Argentina/Buenos_Aires',
  'America/Godthab': 'America/Nuuk',
  'America/Indianapolis': 'America/Indiana/Indianapolis',
  'America/Louisville': 'America/Kentucky/Louisville',
  'Asia/Calcutta': 'Asia/Kolkata',
  'Asia/Katmandu': 'Asia/Kathmandu',
  'Asia/Rangoon': 'Asia/Yangon',
  'Asia/Saigon': 'Asia/Ho_Chi_Minh',
  'Atlantic/Faeroe': 'Atlantic/Faroe',
  'Europe/Kiev': 'Europe/Kyiv',
  'Pacific/Enderbury': 'Pacific/Kanton',
  'Pacific/Ponape': 'Pacific/Pohnpei',
  'Pacific/Truk': 'Pacific/Chuuk',
};

function isKnownZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

let zones: readonly string[] | undefined;

/** IANA time zones this runtime knows, UTC first, under their current names. */
function timeZones(): readonly string[] {
  zones ??= [
    'UTC',
    ...Intl.supportedValuesOf('timeZone')
      .filter((zone) => zone !== 'UTC')
      .map((zone) => {
        const current = RENAMED[zone];
        return current && isKnownZone(current) ? current : zone;
      }),
  ];
  return zones;
}

/**
 * Up to 25 suggestions for an autocomplete option from what the member has typed so far: topics by slug or
 * title, time zones by name or by any part of it (`ber` → Europe/Berlin); prefix matches before substrings.
 */
export function autocompleteChoices(
  kind: 'topic' | 'timezone',
  typed: string,
  topics: readonly Topic[],
): AutocompleteChoice[] {
  const query = typed.trim().toLowerCase();
  if (kind === 'topic') {
    return ranked(topics, query, (topic) => [topic.slug, topic.title, ...topic.title.split(/\s+/)])
      .slice(0, MAX_CHOICES)
      .map((topic) => ({
        name: clipPlain(`${topic.title} (${topic.slug})`, MAX_CHOICE_TEXT),
        value: topic.slug,
      }));
  }
  return ranked(timeZones(), query.replace(/\s+/g, '_'), (zone) => [zone, ...zone.split('/').slice(1)])
    .slice(0, MAX_CHOICES)
    .map((zone) => ({ name: zone, value: zone }));
}
