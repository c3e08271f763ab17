// The gateway: HELLO, IDENTIFY → READY + GUILD_CREATEs, heartbeats, RESUME, dispatches, op 7 and op 9.
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { guildCreate, readyPayload } from './objects.js';
import type { FakeDiscord, GatewayConnection, GatewayFrame } from './types.js';
import { acceptWebSocket, refuseUpgrade, type WebSocketPeer } from './websocket.js';
import { isRecord } from './wire.js';
import type { World } from './world.js';

const OP = {
  dispatch: 0,
  heartbeat: 1,
  identify: 2,
  presenceUpdate: 3,
  voiceStateUpdate: 4,
  resume: 6,
  reconnect: 7,
  requestGuildMembers: 8,
  invalidSession: 9,
  hello: 10,
  heartbeatAck: 11,
} as const;

const CLOSE = {
  unknownOpcode: 4001,
  decodeError: 4002,
  authenticationFailed: 4004,
  alreadyAuthenticated: 4005,
};

/** The parts of the FakeDiscord handle the gateway provides. */
export type GatewayHandle = Pick<
  FakeDiscord,
  | 'gatewayReceived'
  | 'gatewayConnections'
  | 'intents'
  | 'waitForGateway'
  | 'connected'
  | 'disconnected'
  | 'dispatch'
  | 'reconnect'
  | 'invalidSession'
>;

export interface Gateway extends GatewayHandle {
  /** Handles the HTTP server's `upgrade` event. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Drops every open connection (on close). */
  destroyAll(): void;
}

interface Session {
  id: string;
  sequence: number;
  /** Every dispatch of the session, for replay on RESUME. */
  sent: (GatewayFrame & { s: number })[];
  peer: WebSocketPeer | undefined;
}

interface Connection {
  info: GatewayConnection;
  peer: WebSocketPeer;
  session: Session | undefined;
}

/** The gateway at `${wsBase}/gateway`; READY's `resume_gateway_url` is `${wsBase}/gateway/resume`. */
export function createGateway(world: World, wsBase: string): Gateway {
  const resumeUrl = `${wsBase}/gateway/resume`;
  const received: GatewayFrame[] = [];
  const infos: GatewayConnection[] = [];
  const open = new Set<Connection>();
  const sessions = new Map<string, Session>();
  let current: Session | undefined;
  let intents: number | undefined;
  let opened = 0;
  let watchers: { check: () => boolean; resolve: () => void }[] = [];

  const notify = () => {
    const due = watchers.filter((watcher) => watcher.check());
    watchers = watchers.filter((watcher) => !due.includes(watcher));
    for (const watcher of due) watcher.resolve();
  };
  const until = (check: () => boolean) =>
    check() ? Promise.resolve() : new Promise<void>((resolve) => watchers.push({ check, resolve }));

  const send = (peer: WebSocketPeer | undefined, frame: GatewayFrame) =>
    peer?.sendText(JSON.stringify(frame));

  function sendDispatch(session: Session, event: string, data: unknown): number {
    session.sequence += 1;
    const frame = { op: OP.dispatch, t: event, s: session.sequence, d: data };
    session.sent.push(frame);
    send(session.peer, frame);
    return session.sequence;
  }

  function identify(connection: Connection, d: Record<string, unknown>) {
    if (connection.session)
      return connection.peer.close(CLOSE.alreadyAuthenticated, 'Already authenticated.');
    if (d.token !== world.token)
      return connection.peer.close(CLOSE.authenticationFailed, 'Authentication failed.');
    intents = typeof d.intents === 'number' ? d.intents : undefined;
    const id = createHash('sha1')
      .update(`session-${sessions.size + 1}-${world.token}`)
      .digest('hex')
      .slice(0, 32);
    const session: Session = { id, sequence: 0, sent: [], peer: connection.peer };
    sessions.set(id, session);
    connection.session = session;
    current = session;
    sendDispatch(session, 'READY', readyPayload(world, id, resumeUrl));
    // Separate turns, as on the wire: discord.js must see READY (expected guilds) before any GUILD_CREATE.
    setImmediate(() => {
      for (const guild of world.guilds) {
        if (session.peer === connection.peer)
          sendDispatch(session, 'GUILD_CREATE', guildCreate(world, guild));
      }
    });
  }

  function resume(connection: Connection, d: Record<string, unknown>) {
    const session = typeof d.session_id === 'string' ? sessions.get(d.session_id) : undefined;
    if (d.token !== world.token)
      return connection.peer.close(CLOSE.authenticationFailed, 'Authentication failed.');
    if (!session) return send(connection.peer, { op: OP.invalidSession, d: false });
    session.peer = connection.peer;
    connection.session = session;
    current = session;
    const seq = typeof d.seq === 'number' ? d.seq : 0;
    for (const frame of session.sent.filter((sent) => sent.s > seq)) send(connection.peer, frame);
    sendDispatch(session, 'RESUMED', { _trace: ['["fake-discord-gateway",{"micros":0}]'] });
  }

  function onMessage(connection: Connection, text: string) {
    let frame: unknown;
    try {
      frame = JSON.parse(text);
    } catch {
      return connection.peer.close(CLOSE.decodeError, 'Error while decoding payload.');
    }
    if (!isRecord(frame) || typeof frame.op !== 'number') {
      return connection.peer.close(CLOSE.decodeError, 'Error while decoding payload.');
    }
    received.push({ op: frame.op, d: frame.d });
    notify();
    const d = isRecord(frame.d) ? frame.d : {};
    switch (frame.op) {
      case OP.heartbeat:
        return send(connection.peer, { op: OP.heartbeatAck, d: null });
      case OP.identify:
        return identify(connection, d);
      case OP.resume:
        return resume(connection, d);
      case OP.presenceUpdate:
      case OP.voiceStateUpdate:
      case OP.requestGuildMembers:
        return;
      default:
        return connection.peer.close(CLOSE.unknownOpcode, 'Unknown opcode.');
    }
  }

  function onClosed(connection: Connection, code: number | undefined) {
    open.delete(connection);
    connection.info.open = false;
    connection.info.closeCode = code;
    if (connection.session?.peer === connection.peer) connection.session.peer = undefined;
    notify();
  }

  const requireSession = (what: string): Session => {
    if (!current) throw new Error(`fake Discord: ${what} needs a gateway session: log the client in first`);
    return current;
  };

  return {
    gatewayReceived: received,
    gatewayConnections: infos,
    get intents() {
      return intents;
    },
    upgrade(req, socket, head) {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const key = req.headers['sec-websocket-key'];
      const query = Object.fromEntries(url.searchParams);
      // JSON only: a client asking for zlib-stream or ETF would get frames this fake cannot write.
      const speaksJson = (query.encoding ?? 'json') === 'json' && query.compress === undefined;
      if (!key || !['/gateway', '/gateway/resume'].includes(url.pathname) || !speaksJson) {
        return refuseUpgrade(socket);
      }
      const info: GatewayConnection = { path: url.pathname, query, open: true };
      infos.push(info);
      const connection: Connection = {
        info,
        session: undefined,
        peer: acceptWebSocket(socket, key, head, {
          message: (text) => onMessage(connection, text),
          closed: (code) => onClosed(connection, code),
        }),
      };
      open.add(connection);
      opened += 1;
      send(connection.peer, { op: OP.hello, d: { heartbeat_interval: world.heartbeatInterval } });
      notify();
    },
    waitForGateway(predicate) {
      const found = received.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve) => {
        const check = () => received.some(predicate);
        watchers.push({ check, resolve: () => resolve(received.find(predicate) as GatewayFrame) });
      });
    },
    connected: (count = 1) => until(() => opened >= count),
    disconnected: () => until(() => open.size === 0),
    dispatch: (event, data) => sendDispatch(requireSession(`dispatch('${event}')`), event, data),
    reconnect() {
      send(requireSession('reconnect()').peer, { op: OP.reconnect, d: null });
    },
    invalidSession(resumable = false) {
      const session = requireSession('invalidSession()');
      send(session.peer, { op: OP.invalidSession, d: resumable });
      if (!resumable) {
        sessions.delete(session.id);
        for (const connection of open) if (connection.session === session) connection.session = undefined;
        current = undefined;
      }
    },
    destroyAll() {
      for (const connection of [...open]) connection.peer.destroy();
    },
  };
}
