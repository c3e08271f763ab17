// Application commands: global and per-guild stores, their routes, and Discord's naming rules.
import { FormErrors } from './limits.js';
import type { Route, RouteContext } from './router.js';
import type { StoredCommand } from './types.js';
import { type Answer, ERRORS, isRecord, noContent, ok, records, str } from './wire.js';
import type { World } from './world.js';

const MAX_COMMANDS = 100;
const MAX_OPTIONS = 25;
const CHAT_INPUT = 1;
const NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

export interface CommandStore {
  /** Global commands without `guildId`, else the guild's. */
  list(guildId?: string): StoredCommand[];
  /** The registered command called `name` where an interaction in `guildId` would find it. */
  find(name: string, guildId?: string): StoredCommand | undefined;
  routes: Route[];
}

type Path = (string | number)[];

function checkOptions(errors: FormErrors, path: Path, options: unknown): void {
  errors.maxLength([...path, 'options'], options, MAX_OPTIONS);
  records(options).forEach((option, i) => {
    const at = [...path, 'options', i];
    checkNaming(errors, at, option, true);
    if (option.options !== undefined) checkOptions(errors, at, option.options);
  });
}

function checkNaming(errors: FormErrors, path: Path, command: Record<string, unknown>, chatInput: boolean) {
  const name = str(command.name) ?? '';
  if (!NAME.test(name) || (chatInput && name !== name.toLowerCase())) {
    errors.add([...path, 'name'], {
      code: 'APPLICATION_COMMAND_INVALID_NAME',
      message: 'Command name is invalid',
    });
  }
  const description = str(command.description) ?? '';
  if (chatInput && (description.length < 1 || description.length > 100)) {
    errors.add([...path, 'description'], {
      code: 'BASE_TYPE_BAD_LENGTH',
      message: 'Must be between 1 and 100 in length.',
    });
  }
}

/** Problems with one command definition, under `path` (its index in a bulk PUT). */
function commandErrors(errors: FormErrors, path: Path, command: Record<string, unknown>): void {
  const chatInput = (command.type ?? CHAT_INPUT) === CHAT_INPUT;
  checkNaming(errors, path, command, chatInput);
  if (chatInput) checkOptions(errors, path, command.options);
}

export function createCommandStore(world: World): CommandStore {
  const stores = new Map<string, StoredCommand[]>();
  const keyOf = (guildId?: string) => guildId ?? 'global';
  const list = (guildId?: string) => stores.get(keyOf(guildId)) ?? [];

  function build(
    definition: Record<string, unknown>,
    guildId?: string,
    previous?: StoredCommand,
  ): StoredCommand {
    return {
      default_member_permissions: null,
      contexts: null,
      integration_types: [0],
      nsfw: false,
      ...definition,
      id: previous?.id ?? world.snowflake(),
      application_id: world.applicationId,
      version: world.snowflake(),
      type: typeof definition.type === 'number' ? definition.type : CHAT_INPUT,
      name: str(definition.name) ?? '',
      description: str(definition.description) ?? '',
      ...(guildId ? { guild_id: guildId } : {}),
    };
  }

  /** Checks the app id and guild of a command route; undefined when it may go on. */
  function refuse({ params }: RouteContext): Answer | undefined {
    if (params.app !== world.applicationId) return ERRORS.missingAccess();
    if (params.guild !== undefined && !world.guild(params.guild)) return ERRORS.missingAccess();
    return undefined;
  }

  const routesAt = (prefix: string): Route[] => [
    {
      method: 'GET',
      pattern: `${prefix}/commands`,
      auth: true,
      handle: (context) => refuse(context) ?? ok(list(context.params.guild)),
    },
    {
      method: 'PUT',
      pattern: `${prefix}/commands`,
      auth: true,
      handle(context) {
        const refused = refuse(context);
        if (refused) return refused;
        const definitions = records(context.request.body);
        const errors = new FormErrors();
        errors.maxLength([], definitions, MAX_COMMANDS);
        for (const [i, definition] of definitions.entries()) commandErrors(errors, [i], definition);
        if (!errors.empty) return ERRORS.invalidFormBody(errors.tree);
        const { guild } = context.params;
        const old = list(guild);
        const same = (definition: Record<string, unknown>) => (command: StoredCommand) =>
          command.name === definition.name && command.type === (definition.type ?? CHAT_INPUT);
        const next = definitions.map((definition) => build(definition, guild, old.find(same(definition))));
        stores.set(keyOf(guild), next);
        return ok(next);
      },
    },
    {
      method: 'POST',
      pattern: `${prefix}/commands`,
      auth: true,
      handle(context) {
        const refused = refuse(context);
        if (refused) return refused;
        const errors = new FormErrors();
        commandErrors(errors, [], context.body);
        if (!errors.empty) return ERRORS.invalidFormBody(errors.tree);
        const { guild } = context.params;
        const old = list(guild);
        const previous = old.find((command) => command.name === context.body.name);
        const command = build(context.body, guild, previous);
        stores.set(keyOf(guild), [...old.filter((entry) => entry !== previous), command]);
        return { status: previous ? 200 : 201, body: command };
      },
    },
    {
      method: 'GET',
      pattern: `${prefix}/commands/:command`,
      auth: true,
      handle(context) {
        const command = list(context.params.guild).find((entry) => entry.id === context.params.command);
        return refuse(context) ?? (command ? ok(command) : ERRORS.unknownCommand());
      },
    },
    {
      method: 'PATCH',
      pattern: `${prefix}/commands/:command`,
      auth: true,
      handle(context) {
        const refused = refuse(context);
        if (refused) return refused;
        const { guild } = context.params;
        const old = list(guild);
        const previous = old.find((entry) => entry.id === context.params.command);
        if (!previous) return ERRORS.unknownCommand();
        const merged = { ...previous, ...context.body };
        const errors = new FormErrors();
        commandErrors(errors, [], merged);
        if (!errors.empty) return ERRORS.invalidFormBody(errors.tree);
        const command = build(merged, guild, previous);
        stores.set(
          keyOf(guild),
          old.map((entry) => (entry === previous ? command : entry)),
        );
        return ok(command);
      },
    },
    {
      method: 'DELETE',
      pattern: `${prefix}/commands/:command`,
      auth: true,
      handle(context) {
        const refused = refuse(context);
        if (refused) return refused;
        const old = list(context.params.guild);
        if (!old.some((entry) => entry.id === context.params.command)) return ERRORS.unknownCommand();
        stores.set(
          keyOf(context.params.guild),
          old.filter((entry) => entry.id !== context.params.command),
        );
        return noContent();
      },
    },
  ];

  return {
    list,
    find: (name, guildId) =>
      [...(guildId ? list(guildId) : []), ...list()].find(
        (command) => command.name === name && command.type === CHAT_INPUT,
      ),
    routes: [...routesAt('/applications/:app'), ...routesAt('/applications/:app/guilds/:guild')],
  };
}

/** The definition of option `name` under a command's subcommand group and subcommand. */
export function optionDefinition(
  command: StoredCommand | undefined,
  path: string[],
  name: string,
): Record<string, unknown> | undefined {
  let options = records(command?.options);
  for (const step of path) options = records(options.find((option) => option.name === step)?.options);
  const found = options.find((option) => option.name === name);
  return isRecord(found) ? found : undefined;
}
