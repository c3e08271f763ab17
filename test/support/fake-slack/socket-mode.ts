// Socket Mode: single-use connection tickets, hello, envelopes out, acks back, and disconnects.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FakeSlack, SocketAck } from './types.js';
import { acceptWebSocket, refuseUpgrade, type WebSocketPeer } from './websocket.js';
import { isRecord } from './wire.js';
import type { Workspace } from './workspace.js';

/** The parts of the FakeSlack handle Socket Mode provides. */
export type SocketModeHandle = Pick<
  FakeSlack,
  'socketUrl' | 'acks' | 'connected' | 'disconnected' | 'sendEnvelope' | 'disconnect'
>;

export interface SocketMode extends SocketModeHandle {
  /** What apps.connections.open hands out: the socket URL with a fresh single-use ticket. */
  connectionUrl(): string;
  /** Handles the HTTP server's `upgrade` event. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Drops every open connection (on close). */
  destroyAll(): void;
}

interface PendingAck {
  peer: WebSocketPeer;
  resolve: (ack: SocketAck) => void;
  reject: (error: Error) => void;
}

/** Socket Mode served at `${wsBase}/link/`. */
export function createSocketMode(workspace: Workspace, wsBase: string): SocketMode {
  const { ids, next } = workspace;
  const socketUrl = `${wsBase}/link/`;
  const tickets = new Set<string>();
  const connections: WebSocketPeer[] = [];
  const pendingAcks = new Map<string, PendingAck>();
  const acks: SocketAck[] = [];
  let greeted = 0;
  let watchers: { done: () => boolean; resolve: () => void }[] = [];

  const notify = () => {
    const due = watchers.filter((watcher) => watcher.done());
    watchers = watchers.filter((watcher) => !due.includes(watcher));
    for (const watcher of due) watcher.resolve();
  };
  const until = (done: () => boolean) =>
    done() ? Promise.resolve() : new Promise<void>((resolve) => watchers.push({ done, resolve }));

  function onMessage(text: string) {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    if (!isRecord(message) || typeof message.envelope_id !== 'string') return;
    const ack: SocketAck = { envelope_id: message.envelope_id };
    if (isRecord(message.payload)) ack.payload = message.payload;
    acks.push(ack);
    pendingAcks.get(ack.envelope_id)?.resolve(ack);
    pendingAcks.delete(ack.envelope_id);
  }

  function onClosed(peer: WebSocketPeer) {
    const index = connections.indexOf(peer);
    if (index >= 0) connections.splice(index, 1);
    for (const [id, pending] of pendingAcks) {
      if (pending.peer !== peer) continue;
      pendingAcks.delete(id);
      pending.reject(new Error(`Socket Mode connection closed before envelope ${id} was acked`));
    }
    notify();
  }

  return {
    socketUrl,
    acks,
    connectionUrl() {
      const ticket = `ticket-${next()}`;
      tickets.add(ticket);
      return `${socketUrl}?ticket=${ticket}&app_id=${ids.appId}`;
    },
    upgrade(req, socket, head) {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const key = req.headers['sec-websocket-key'];
      if (url.pathname !== '/link/' || !key || !tickets.delete(url.searchParams.get('ticket') ?? '')) {
        refuseUpgrade(socket);
        return;
      }
      const peer: WebSocketPeer = acceptWebSocket(socket, key, head, {
        message: onMessage,
        closed: () => onClosed(peer),
      });
      connections.push(peer);
      peer.sendText(
        JSON.stringify({
          type: 'hello',
          num_connections: connections.length,
          debug_info: { host: 'fake-slack', build_number: 1, approximate_connection_time: 18_060 },
          connection_info: { app_id: ids.appId },
        }),
      );
      greeted += 1;
      notify();
    },
    connected: (count = 1) => until(() => greeted >= count),
    disconnected: () => until(() => connections.length === 0),
    sendEnvelope(type, payload, options = {}) {
      const peer = connections.at(-1);
      if (!peer) return Promise.reject(new Error('no open Socket Mode connection: start the app first'));
      const envelopeId = `00000000-0000-4000-8000-${String(next()).padStart(12, '0')}`;
      const kind = (payload as { type?: unknown }).type;
      const envelope = {
        envelope_id: envelopeId,
        type,
        payload,
        accepts_response_payload:
          options.acceptsResponsePayload ?? (type === 'slash_commands' || kind === 'view_submission'),
        ...(type === 'events_api'
          ? { retry_attempt: options.retryAttempt ?? 0, retry_reason: options.retryReason ?? '' }
          : {}),
      };
      return new Promise<SocketAck>((resolve, reject) => {
        pendingAcks.set(envelopeId, { peer, resolve, reject });
        peer.sendText(JSON.stringify(envelope));
      });
    },
    disconnect(reason = 'refresh_requested') {
      for (const peer of connections) {
        peer.sendText(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'fake-slack' } }));
      }
    },
    destroyAll() {
      for (const peer of [...connections]) peer.destroy();
    },
  };
}
