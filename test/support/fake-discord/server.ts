// createFakeDiscord: one local HTTP server for the REST API under /api/v10 and the gateway WebSocket.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { createCommandStore } from './commands.js';
import { createGateway } from './gateway.js';
import { createInteractions } from './interactions.js';
import { createMessageStore } from './messages.js';
import { applicationObject } from './objects.js';
import { createRest } from './rest.js';
import type { Route } from './router.js';
import type { FakeDiscord, FakeDiscordOptions } from './types.js';
import { createWebhookRoutes } from './webhooks.js';
import { refuseUpgrade } from './websocket.js';
import { discordError, ok, send } from './wire.js';
import { createWorld } from './world.js';

/**
 * Starts a fake Discord on 127.0.0.1 (random port): REST and gateway, enough for a real discord.js Client.
 * @example
 * const fake = await createFakeDiscord({ now: clock.now });
 * const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl } });
 * const ready = once(client, Events.ClientReady);
 * await client.login(fake.token);
 * await ready;
 * const handle = fake.sendCommand({ name: 'coach', subcommand: 'question' });
 * expect((await handle.response).type).toBe(4);
 */
export async function createFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const world = createWorld(options);
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;

  const gateway = createGateway(world, `ws://127.0.0.1:${port}`);
  const gatewayUrl = `ws://127.0.0.1:${port}/gateway`;
  const store = createMessageStore(world);
  const commands = createCommandStore(world);
  const interactions = createInteractions(world, store, commands, gateway.dispatch);
  const gatewayRoutes: Route[] = [
    {
      method: 'GET',
      pattern: '/gateway/bot',
      auth: true,
      handle: () =>
        ok({
          url: gatewayUrl,
          shards: 1,
          session_start_limit: { total: 1000, remaining: 999, reset_after: 86_400_000, max_concurrency: 1 },
        }),
    },
    { method: 'GET', pattern: '/gateway', auth: false, handle: () => ok({ url: gatewayUrl }) },
    { method: 'GET', pattern: '/applications/@me', auth: true, handle: () => ok(applicationObject(world)) },
  ];
  const rest = createRest(world, [
    ...gatewayRoutes,
    ...commands.routes,
    ...interactions.routes,
    ...createWebhookRoutes(world, store, interactions),
    ...store.routes,
  ]);

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    rest.serve(req, res).catch((error: unknown) => send(res, discordError(500, 0, String(error))));
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (req.url?.startsWith('/gateway')) gateway.upgrade(req, socket, head);
    else refuseUpgrade(socket, 404, 'Not Found');
  });

  return {
    apiUrl: `${base}/api`,
    gatewayUrl,
    token: world.token,
    applicationId: world.applicationId,
    botUser: world.botUser,
    requests: rest.requests,
    waitFor: rest.waitFor,
    messages: store.messages,
    commands: (guildId) => commands.list(guildId),
    failNext: rest.failNext,
    rateLimitNext: rest.rateLimitNext,
    holdNext: rest.holdNext,
    gatewayReceived: gateway.gatewayReceived,
    gatewayConnections: gateway.gatewayConnections,
    get intents() {
      return gateway.intents;
    },
    waitForGateway: gateway.waitForGateway,
    connected: gateway.connected,
    disconnected: gateway.disconnected,
    dispatch: gateway.dispatch,
    reconnect: gateway.reconnect,
    invalidSession: gateway.invalidSession,
    sendCommand: interactions.sendCommand,
    clickButton: interactions.clickButton,
    submitModal: interactions.submitModal,
    autocomplete: interactions.autocomplete,
    async close() {
      rest.releaseHolds();
      gateway.destroyAll();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
