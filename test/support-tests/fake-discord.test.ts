// The fake Discord, checked against the real discord.js: a Client over the gateway and REST, and REST alone.
import { once } from 'node:events';
import {
  ActionRowBuilder,
  type APIModalInteractionResponseCallbackData,
  type AutocompleteInteraction,
  ButtonBuilder,
  type ButtonInteraction,
  ButtonStyle,
  type ChatInputCommandInteraction,
  Client,
  ComponentType,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  type Interaction,
  InteractionContextType,
  LabelBuilder,
  MessageFlags,
  ModalBuilder,
  type ModalSubmitInteraction,
  PermissionFlagsBits,
  REST,
  Routes,
  SlashCommandBuilder,
  type TextChannel,
  TextInputBuilder,
  TextInputStyle,
} from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestClock, type TestClock } from '../support/clock.js';
import { createFakeDiscord, type FakeDiscord, type RecordedRequest } from '../support/fake-discord.js';

const GUILD = '1200000000000000001';
const CHANNEL = '1200000000000000002';
const ADA = '1200000000000000003';

let fake: FakeDiscord;
let clock: TestClock;
let client: Client | undefined;

beforeEach(async () => {
  clock = createTestClock('2026-03-02T09:00:00Z');
  fake = await createFakeDiscord({
    now: clock.now,
    guilds: [{ id: GUILD, name: 'Interview Prep', channels: [{ id: CHANNEL, name: 'coaching', type: 0 }] }],
    users: [{ id: ADA, username: 'ada', global_name: 'Ada' }],
  });
});

afterEach(async () => {
  await client?.destroy();
  client = undefined;
  await fake.close();
});

/** A real discord.js Client logged in to the fake, once `clientReady` fired (READY and every GUILD_CREATE). */
async function loggedIn(): Promise<Client> {
  const created = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl } });
  client = created;
  const ready = once(created, Events.ClientReady);
  await created.login(fake.token);
  await ready;
  return created;
}

/** The next interaction the client emits, narrowed by `is` (call before dispatching it). */
async function next<T extends Interaction>(
  on: Client,
  is: (interaction: Interaction) => interaction is T,
): Promise<T> {
  const [interaction] = (await once(on, Events.InteractionCreate)) as [Interaction];
  if (!is(interaction)) throw new Error(`unexpected interaction type ${interaction.type}`);
  return interaction;
}
const isCommand = (i: Interaction): i is ChatInputCommandInteraction => i.isChatInputCommand();
const isButton = (i: Interaction): i is ButtonInteraction => i.isButton();
const isModal = (i: Interaction): i is ModalSubmitInteraction => i.isModalSubmit();
const isAutocomplete = (i: Interaction): i is AutocompleteInteraction => i.isAutocomplete();

/** The DiscordAPIError `call` rejects with. */
async function apiError(call: Promise<unknown>): Promise<DiscordAPIError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof DiscordAPIError) return error;
    throw error;
  }
  throw new Error('expected a DiscordAPIError');
}

const textChannel = (on: Client) => on.channels.cache.get(CHANNEL) as TextChannel;
const bodyOf = (request: RecordedRequest) => request.body as Record<string, unknown>;

const coachCommand = new SlashCommandBuilder()
  .setName('coach')
  .setDescription('Interview coach')
  .addSubcommand((sub) =>
    sub
      .setName('question')
      .setDescription('A question')
      .addStringOption((option) => option.setName('topic').setDescription('Topic').setAutocomplete(true))
      .addUserOption((option) => option.setName('for').setDescription('Who')),
  )
  .toJSON();

describe('login', () => {
  it('reaches clientReady with the guild and its text channel cached, after one GET /gateway/bot', async () => {
    const bot = await loggedIn();

    expect(bot.user?.id).toBe(fake.applicationId);
    expect(bot.application?.id).toBe(fake.applicationId);
    expect(bot.guilds.cache.get(GUILD)?.name).toBe('Interview Prep');
    expect(bot.channels.cache.get(CHANNEL)?.isTextBased()).toBe(true);
    expect(bot.guilds.cache.get(GUILD)?.members.me?.id).toBe(fake.applicationId);
    expect(fake.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual(['GET /gateway/bot 200']);
    // JSON without compression: zlib-sync is not installed, so discord.js asks for neither.
    expect(fake.gatewayConnections[0]?.query).toEqual({ v: '10', encoding: 'json' });
    expect(fake.intents).toBe(GatewayIntentBits.Guilds);
  });

  it('rejects a wrong token: 401 on GET /gateway/bot becomes TokenInvalid', async () => {
    const bot = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl } });
    await expect(bot.login('not-the-token')).rejects.toThrow(/invalid token/i);
    expect(fake.requests[0]?.status).toBe(401);
    expect(fake.gatewayConnections).toHaveLength(0);
  });

  it('closes cleanly on client.destroy() (close code 1000)', async () => {
    const bot = await loggedIn();
    await bot.destroy();
    client = undefined;
    await fake.disconnected();
    expect(fake.gatewayConnections).toEqual([expect.objectContaining({ open: false, closeCode: 1000 })]);
  });

  it('delivers a GUILD_DELETE dispatch as guildDelete', async () => {
    const bot = await loggedIn();
    const deleted = once(bot, Events.GuildDelete);
    fake.dispatch('GUILD_DELETE', { id: GUILD, unavailable: false });
    const [guild] = await deleted;
    expect(guild.id).toBe(GUILD);
    expect(bot.guilds.cache.has(GUILD)).toBe(false);
  });

  it('resumes after op 7 on resume_gateway_url and replays what was dispatched meanwhile', async () => {
    const bot = await loggedIn();
    const resumed = once(bot, Events.ShardResume);
    const deleted = once(bot, Events.GuildDelete);
    fake.reconnect();
    await fake.disconnected();
    fake.dispatch('GUILD_DELETE', { id: GUILD, unavailable: false });
    await Promise.all([resumed, deleted]);
    expect(fake.gatewayConnections.map((c) => [c.path, c.closeCode])).toEqual([
      ['/gateway', 4200],
      ['/gateway/resume', undefined],
    ]);
    expect(fake.gatewayReceived.filter((frame) => frame.op === 2)).toHaveLength(1);
    expect(fake.gatewayReceived.find((frame) => frame.op === 6)?.d).toMatchObject({
      token: fake.token,
      seq: 2,
    });
  });
});

describe('application commands', () => {
  it('stores PUT guild commands, keeps ids across PUTs, and refuses bad names with 50035', async () => {
    const rest = new REST({ api: fake.apiUrl }).setToken(fake.token);
    const route = Routes.applicationGuildCommands(fake.applicationId, GUILD);
    const [first] = (await rest.put(route, { body: [coachCommand] })) as { id: string }[];
    const [second] = (await rest.put(route, { body: [coachCommand] })) as { id: string }[];

    expect(fake.commands(GUILD).map((command) => command.name)).toEqual(['coach']);
    expect(fake.commands()).toEqual([]);
    expect(second?.id).toBe(first?.id);
    expect(await rest.get(route)).toEqual(fake.commands(GUILD));

    const bad = await apiError(rest.put(route, { body: [{ ...coachCommand, name: 'Coach Me' }] }));
    expect([bad.status, bad.code]).toEqual([400, 50035]);
    expect(bad.rawError).toMatchObject({
      errors: { 0: { name: { _errors: [{ code: 'APPLICATION_COMMAND_INVALID_NAME' }] } } },
    });
    const elsewhere = await apiError(
      rest.put(Routes.applicationGuildCommands(fake.applicationId, '1'), { body: [] }),
    );
    expect([elsewhere.status, elsewhere.code]).toEqual([403, 50001]);
  });
});

describe('slash commands', () => {
  it('reaches interactionCreate with typed options and member permissions; reply arrives as type 4 with flags 64', async () => {
    const bot = await loggedIn();
    await bot.application?.commands.set([coachCommand], GUILD);
    const arriving = next(bot, isCommand);
    const handle = fake.sendCommand({
      name: 'coach',
      subcommand: 'question',
      options: { topic: 'transformers', for: ADA },
      user: ADA,
      admin: true,
    });
    const interaction = await arriving;

    expect(interaction.id).toBe(handle.id);
    expect(interaction.options.getSubcommand()).toBe('question');
    expect(interaction.options.getString('topic')).toBe('transformers');
    expect(interaction.options.getUser('for')?.username).toBe('ada');
    expect(interaction.inCachedGuild()).toBe(true);
    expect(interaction.channelId).toBe(CHANNEL);
    expect(interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)).toBe(true);
    expect(interaction.commandId).toBe(fake.commands(GUILD)[0]?.id);

    await interaction.reply({ content: 'Here is your question', ephemeral: true });
    expect(await handle.response).toEqual({
      type: 4,
      data: expect.objectContaining({ content: 'Here is your question', flags: 64 }),
    });
    expect(fake.messages).toEqual([
      expect.objectContaining({
        content: 'Here is your question',
        ephemeral: true,
        interactionId: handle.id,
      }),
    ]);
  });

  it('sends deferReply as type 5, then editReply as a PATCH of @original filling the placeholder', async () => {
    const bot = await loggedIn();
    const arriving = next(bot, isCommand);
    const handle = fake.sendCommand({ name: 'coach', subcommand: 'question' });
    const interaction = await arriving;
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    expect(await handle.response).toEqual({ type: 5, data: { flags: 64 } });
    expect(fake.messages[0]).toMatchObject({ loading: true, ephemeral: true });

    clock.advance(60_000);
    const edited = await interaction.editReply('Graded: 7/10');
    const patch = await fake.waitFor((r) => r.method === 'PATCH' && r.path.endsWith('/messages/@original'));
    expect(patch.path).toBe(`/webhooks/${fake.applicationId}/${handle.token}/messages/@original`);
    expect(edited.content).toBe('Graded: 7/10');
    expect(fake.messages).toEqual([
      expect.objectContaining({ content: 'Graded: 7/10', loading: false, ephemeral: true, edits: 0 }),
    ]);

    const followUp = await interaction.followUp('One more thing');
    expect(fake.messages.map((m) => [m.origin, m.content])).toEqual([
      ['interaction', 'Graded: 7/10'],
      ['followup', 'One more thing'],
    ]);
    expect(followUp.id).toBe(fake.messages[1]?.id);

    // undici may percent-encode the @: both spellings reach the same message.
    const encoded = await fetch(
      `${fake.apiUrl}/v10/webhooks/${fake.applicationId}/${handle.token}/messages/%40original`,
      {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ content: '8/10' }),
      },
    );
    expect(encoded.status).toBe(200);
    expect(fake.messages[0]).toMatchObject({ content: '8/10', edits: 1 });
  });

  it('fills the deferred "thinking…" message with the first follow-up, keeping it ephemeral', async () => {
    const bot = await loggedIn();
    const arriving = next(bot, isCommand);
    fake.sendCommand({ name: 'coach', subcommand: 'question' });
    const interaction = await arriving;
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const first = await interaction.followUp('Done thinking');
    await interaction.followUp('And another');

    expect(fake.messages.map((m) => [m.id, m.origin, m.content, m.ephemeral])).toEqual([
      [first.id, 'interaction', 'Done thinking', true],
      [expect.any(String), 'followup', 'And another', false],
    ]);
  });

  it('sends commands from a DM with `user` instead of `member`, and stores the reply in the DM channel', async () => {
    const bot = await loggedIn();
    const arriving = next(bot, isCommand);
    fake.sendCommand({ name: 'coach', subcommand: 'question', guildId: null, user: ADA });
    const interaction = await arriving;
    expect(interaction.inGuild()).toBe(false);
    expect(interaction.user.username).toBe('ada');
    // discord.js caches the DM channel only with Partials.Channel; the id and context arrive regardless.
    expect(interaction.context).toBe(InteractionContextType.BotDM);
    await interaction.reply('In private');
    expect(fake.messages[0]?.channel_id).toBe(interaction.channelId);
  });

  it('answers a second callback with 40060 and keeps one reply', async () => {
    const bot = await loggedIn();
    const arriving = next(bot, isCommand);
    fake.sendCommand({ name: 'coach', subcommand: 'question' });
    const interaction = await arriving;
    // Both pass discord.js's own replied check: it is only set once the first request returns.
    const [first, second] = await Promise.allSettled([interaction.reply('one'), interaction.reply('two')]);

    expect(first.status).toBe('fulfilled');
    expect(second.status === 'rejected' && second.reason).toMatchObject({ status: 400, code: 40060 });
    expect(fake.messages.map((m) => m.content)).toEqual(['one']);
  });

  it.each([
    { after: 2_999, accepted: true },
    { after: 3_000, accepted: false },
  ])(
    'takes a first response $after ms after dispatch on the injected clock: $accepted',
    async ({ after, accepted }) => {
      const bot = await loggedIn();
      const arriving = next(bot, isCommand);
      const handle = fake.sendCommand({ name: 'coach', subcommand: 'question' });
      const interaction = await arriving;
      clock.advance(after);
      const reply = interaction.reply('late?');

      if (accepted) await reply;
      else
        expect(await apiError(reply)).toMatchObject({
          status: 404,
          code: 10062,
          message: 'Unknown interaction',
        });
      expect((await handle.response).type).toBe(4);
      expect(fake.messages).toHaveLength(accepted ? 1 : 0);
    },
  );

  it('refuses webhook calls before the first callback (10015) and after 15 minutes (50027)', async () => {
    const bot = await loggedIn();
    const arriving = next(bot, isCommand);
    fake.sendCommand({ name: 'coach', subcommand: 'question' });
    const interaction = await arriving;

    expect(await apiError(interaction.webhook.editMessage('@original', 'early'))).toMatchObject({
      code: 10015,
    });
    await interaction.reply('now');
    clock.advance(15 * 60_000);
    expect(await apiError(interaction.editReply('too late'))).toMatchObject({ status: 401, code: 50027 });
  });

  it('answers autocomplete with type 8 choices', async () => {
    const bot = await loggedIn();
    const arriving = next(bot, isAutocomplete);
    const handle = fake.autocomplete({
      name: 'coach',
      subcommand: 'question',
      options: { topic: 'tra' },
      focused: 'topic',
    });
    const interaction = await arriving;
    expect(interaction.options.getFocused()).toBe('tra');
    await interaction.respond([{ name: 'transformers', value: 'transformers' }]);
    expect(await handle.response).toMatchObject({ type: 8, data: { choices: [{ name: 'transformers' }] } });
  });
});

describe('modals and buttons', () => {
  it('shows a modal as type 9 and delivers the submit as a ModalSubmitInteraction with the field value', async () => {
    const bot = await loggedIn();
    const arriving = next(bot, isCommand);
    const handle = fake.sendCommand({ name: 'coach', subcommand: 'answer' });
    const command = await arriving;
    const input = new TextInputBuilder()
      .setCustomId('answer')
      .setStyle(TextInputStyle.Paragraph)
      .setMaxLength(4_000);
    await command.showModal(
      new ModalBuilder()
        .setCustomId('answer-modal')
        .setTitle('Your answer')
        .addLabelComponents(new LabelBuilder().setLabel('Answer').setTextInputComponent(input)),
    );
    expect(await handle.response).toMatchObject({
      type: 9,
      data: { custom_id: 'answer-modal', title: 'Your answer' },
    });

    const submitting = next(bot, isModal);
    fake.submitModal('answer-modal', { fields: { answer: 'Attention weighs tokens.' } });
    const submitted = await submitting;
    expect(submitted.customId).toBe('answer-modal');
    expect(submitted.fields.getTextInputValue('answer')).toBe('Attention weighs tokens.');
    await submitted.reply({ content: 'Graded', flags: MessageFlags.Ephemeral });
    expect(fake.messages.map((m) => m.content)).toEqual(['Graded']);
  });

  it('refuses a text input max_length over 4,000 with 50035 under data', async () => {
    const bot = await loggedIn();
    const arriving = next(bot, isCommand);
    fake.sendCommand({ name: 'coach', subcommand: 'answer' });
    const command = await arriving;
    // Raw JSON: TextInputBuilder itself refuses setMaxLength(4_001) before anything is sent.
    const modal: APIModalInteractionResponseCallbackData = {
      custom_id: 'm',
      title: 'Answer',
      components: [
        {
          type: ComponentType.ActionRow,
          components: [
            {
              type: ComponentType.TextInput,
              custom_id: 'answer',
              label: 'Answer',
              style: TextInputStyle.Paragraph,
              max_length: 4_001,
            },
          ],
        },
      ],
    };
    const error = await apiError(command.showModal(modal));
    expect(error.code).toBe(50035);
    expect(error.rawError).toMatchObject({
      errors: {
        data: {
          components: {
            0: { components: { 0: { max_length: { _errors: [{ code: 'NUMBER_TYPE_MAX' }] } } } },
          },
        },
      },
    });
  });

  it('clicks a button on a stored message; update arrives as type 7 and edits that message', async () => {
    const bot = await loggedIn();
    const next_ = new ButtonBuilder().setCustomId('next').setLabel('Next').setStyle(ButtonStyle.Primary);
    await textChannel(bot).send({
      content: 'Question 1',
      components: [new ActionRowBuilder<ButtonBuilder>().addComponents(next_)],
    });
    const [posted] = fake.messages;
    if (!posted) throw new Error('no message stored');
    const arriving = next(bot, isButton);
    const handle = fake.clickButton(posted, { user: ADA });
    const button = await arriving;

    expect(button.customId).toBe('next');
    expect(button.message.id).toBe(posted.id);
    await button.update({ content: 'Question 2', components: [] });
    expect((await handle.response).type).toBe(7);
    expect(posted).toMatchObject({ content: 'Question 2', components: [], edits: 1 });
  });
});

describe('channel messages', () => {
  it('retries a 429 (retry_after 0) and stores the message once', async () => {
    const bot = await loggedIn();
    fake.rateLimitNext('POST /channels/:channel/messages', { retryAfter: 0 });
    const sent = await textChannel(bot).send('hello');

    const posts = fake.requests.filter(
      (r) => r.method === 'POST' && r.path === `/channels/${CHANNEL}/messages`,
    );
    expect(posts.map((r) => r.status)).toEqual([429, 200]);
    expect(posts[0]?.response).toEqual({
      message: 'You are being rate limited.',
      retry_after: 0,
      global: false,
    });
    expect(fake.messages.map((m) => [m.id, m.content])).toEqual([[sent.id, 'hello']]);
  });

  it('refuses content over 2,000 characters with 50035 and stores nothing', async () => {
    const bot = await loggedIn();
    const error = await apiError(textChannel(bot).send('x'.repeat(2_001)));
    expect([error.status, error.code]).toEqual([400, 50035]);
    expect(error.rawError).toMatchObject({
      errors: { content: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } },
    });
    expect(fake.messages).toEqual([]);
  });

  it('takes multipart bodies (payload_json + files) and keeps allowed_mentions', async () => {
    const bot = await loggedIn();
    await textChannel(bot).send({
      content: `<@${ADA}> your notes`,
      allowedMentions: { parse: [] },
      files: [{ attachment: Buffer.from('notes'), name: 'notes.txt' }],
    });
    const post = await fake.waitFor((r) => r.method === 'POST' && r.path.endsWith('/messages'));
    expect(post.files).toEqual([expect.objectContaining({ field: 'files[0]', name: 'notes.txt', size: 5 })]);
    expect(bodyOf(post).content).toBe(`<@${ADA}> your notes`);
    expect(fake.messages[0]).toMatchObject({
      allowed_mentions: { parse: [] },
      attachments: [{ filename: 'notes.txt' }],
    });
  });

  it('plays scripted failures and holds', async () => {
    const bot = await loggedIn();
    fake.failNext('POST /channels/:channel/messages', {
      status: 403,
      code: 50013,
      message: 'Missing Permissions',
    });
    expect(await apiError(textChannel(bot).send('no'))).toMatchObject({ status: 403, code: 50013 });

    const held = fake.holdNext(`POST /channels/${CHANNEL}/messages`);
    const sending = textChannel(bot).send('later');
    await held.arrived;
    expect(fake.messages).toEqual([]);
    held.release();
    await sending;
    expect(fake.messages.map((m) => m.content)).toEqual(['later']);
  });
});

describe('REST wire', () => {
  const call = (path: string, init: RequestInit = {}) => fetch(`${fake.apiUrl}/v10${path}`, init);
  const auth = () => ({ Authorization: `Bot ${fake.token}`, 'Content-Type': 'application/json' });

  it('sends rate-limit headers, 401 for a wrong token and 404 code 0 for unknown routes', async () => {
    const posted = await call(`/channels/${CHANNEL}/messages`, {
      method: 'POST',
      headers: auth(),
      body: JSON.stringify({ content: 'hi' }),
    });
    expect(posted.status).toBe(200);
    for (const header of ['Limit', 'Remaining', 'Reset', 'Reset-After', 'Bucket']) {
      expect(posted.headers.get(`X-RateLimit-${header}`)).not.toBeNull();
    }
    const unauthorized = await call('/users/@me', { headers: { Authorization: 'Bot nope' } });
    expect([unauthorized.status, await unauthorized.json()]).toEqual([
      401,
      { message: '401: Unauthorized', code: 0 },
    ]);
    const unknown = await call('/nothing/here', { headers: auth() });
    expect([unknown.status, await unknown.json()]).toEqual([404, { message: '404: Not Found', code: 0 }]);
  });

  it('answers a scripted global 429 with X-RateLimit-Global', async () => {
    fake.rateLimitNext((r) => r.path === '/users/@me', { retryAfter: 2, global: true });
    const limited = await call('/users/@me', { headers: auth() });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('X-RateLimit-Global')).toBe('true');
    expect(limited.headers.get('Retry-After')).toBe('2');
    expect(await limited.json()).toEqual({
      message: 'You are being rate limited.',
      retry_after: 2,
      global: true,
    });
  });

  it.each([
    {
      what: '11 embeds',
      body: { embeds: Array.from({ length: 11 }, () => ({ title: 't' })) },
      at: ['embeds'],
    },
    {
      what: 'a 257-char title',
      body: { embeds: [{ title: 't'.repeat(257) }] },
      at: ['embeds', '0', 'title'],
    },
    {
      what: 'a 4,097-char description',
      body: { embeds: [{ description: 'd'.repeat(4_097) }] },
      at: ['embeds', '0', 'description'],
    },
    {
      what: '26 fields',
      body: { embeds: [{ fields: Array.from({ length: 26 }, () => ({ name: 'n', value: 'v' })) }] },
      at: ['embeds', '0', 'fields'],
    },
    {
      what: 'a 1,025-char field value',
      body: { embeds: [{ fields: [{ name: 'n', value: 'v'.repeat(1_025) }] }] },
      at: ['embeds', '0', 'fields', '0', 'value'],
    },
    {
      what: 'a 2,049-char footer',
      body: { embeds: [{ footer: { text: 'f'.repeat(2_049) } }] },
      at: ['embeds', '0', 'footer', 'text'],
    },
    {
      what: '6,001 chars across embeds',
      body: { embeds: [{ description: 'd'.repeat(4_000) }, { description: 'd'.repeat(2_001) }] },
      at: ['embeds'],
    },
  ])('refuses $what with 50035 at $at', async ({ body, at }) => {
    const response = await call(`/channels/${CHANNEL}/messages`, {
      method: 'POST',
      headers: auth(),
      body: JSON.stringify(body),
    });
    const answer = (await response.json()) as { code: number; errors: Record<string, unknown> };
    expect([response.status, answer.code]).toEqual([400, 50035]);
    const node = at.reduce<unknown>((tree, key) => (tree as Record<string, unknown>)[key], answer.errors);
    expect(node).toMatchObject({ _errors: [expect.objectContaining({ code: expect.any(String) })] });
    expect(fake.messages).toEqual([]);
  });

  it('resolves waitFor at once when a request already matched', async () => {
    await call('/gateway/bot', { headers: auth() });
    const seen = await fake.waitFor((r) => r.path === '/gateway/bot');
    expect(seen.status).toBe(200);
  });
});
