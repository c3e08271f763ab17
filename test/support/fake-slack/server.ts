// createFakeSlack: one local HTTP server routing to the Web API, response_url endpoints and Socket Mode.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { createResponseUrls } from './response-url.js';
import { createSocketMode } from './socket-mode.js';
import type { FakeSlack, FakeSlackOptions } from './types.js';
import { createWebApi } from './web-api.js';
import { refuseUpgrade } from './websocket.js';
import { fail, send } from './wire.js';
import { createWorkspace } from './workspace.js';

/**
 * Starts a fake Slack on 127.0.0.1 (random port).
 * @example
 * const fake = await createFakeSlack({ now: clock.now });
 * const app = new App({ token: FAKE_SLACK_IDS.botToken, appToken: FAKE_SLACK_IDS.appToken, socketMode: true,
 *   clientOptions: { slackApiUrl: fake.apiUrl } });
 */
export async function createFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const workspace = createWorkspace(options);
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;

  const socketMode =
    (options.socketMode ?? true) ? createSocketMode(workspace, `ws://127.0.0.1:${port}`) : undefined;
  const webApi = createWebApi(workspace, {
    users: options.users,
    channels: options.channels,
    connectionUrl: socketMode?.connectionUrl,
  });
  const responseUrls = createResponseUrls(workspace, base);

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const served = url.pathname.startsWith('/api/')
      ? webApi.serve(req, res, url.pathname.slice('/api/'.length), url)
      : url.pathname.startsWith('/response/') && req.method === 'POST'
        ? responseUrls.serve(req, res, url)
        : Promise.resolve(send(res, 404, fail('not_found')));
    served.catch((error: unknown) => send(res, 500, fail(String(error))));
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (socketMode) socketMode.upgrade(req, socket, head);
    else refuseUpgrade(socket);
  });

  const noSocketMode = () => Promise.reject(new Error('this fake was created with socketMode: false'));
  return {
    apiUrl: `${base}/api/`,
    socketUrl: socketMode?.socketUrl,
    calls: webApi.calls,
    callsTo: webApi.callsTo,
    waitForCall: webApi.waitForCall,
    messages: webApi.messages,
    views: webApi.views,
    homeViews: webApi.homeViews,
    acks: socketMode?.acks ?? [],
    responses: responseUrls.responses,
    addUser: webApi.addUser,
    revokeToken: webApi.revokeToken,
    issueTrigger: webApi.issueTrigger,
    issueResponseUrl: responseUrls.issue,
    failNext: webApi.failNext,
    rateLimitNext: webApi.rateLimitNext,
    holdNext: webApi.holdNext,
    connected: socketMode?.connected ?? noSocketMode,
    disconnected: socketMode?.disconnected ?? (() => Promise.resolve()),
    sendEnvelope: socketMode?.sendEnvelope ?? noSocketMode,
    disconnect: socketMode?.disconnect ?? (() => {}),
    async close() {
      webApi.releaseHolds();
      socketMode?.destroyAll();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
