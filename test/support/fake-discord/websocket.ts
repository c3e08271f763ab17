// A minimal RFC 6455 server side with close codes both ways (the gateway speaks in them; fake-slack's has none).
import { createHash } from 'node:crypto';
import type { Duplex } from 'node:stream';

const HANDSHAKE_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const OPCODE = { continuation: 0x0, text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa } as const;

/** One open WebSocket, as the server sees it. */
export interface WebSocketPeer {
  sendText(text: string): void;
  /** Sends a close frame with `code` and ends the connection. */
  close(code: number, reason?: string): void;
  destroy(): void;
}

export interface WebSocketHandlers {
  /** A complete text message (fragments joined). */
  message(text: string): void;
  /** The connection is gone; `code` is the peer's close code when it sent one. */
  closed(code: number | undefined): void;
}

/** Ends an upgrade request with an HTTP error instead of switching protocols. */
export function refuseUpgrade(socket: Duplex, status = 400, reason = 'Bad Request'): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** Completes the handshake for `key` (the request's `Sec-WebSocket-Key`) and serves the connection. */
export function acceptWebSocket(
  socket: Duplex,
  key: string,
  head: Buffer,
  on: WebSocketHandlers,
): WebSocketPeer {
  const accept = createHash('sha1').update(`${key}${HANDSHAKE_GUID}`).digest('base64');
  socket.write(
    `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
  );
  let buffered = Buffer.alloc(0);
  let fragments: Buffer[] = [];
  let closeSent = false;
  let peerCode: number | undefined;
  const write = (opcode: number, payload: Buffer) => {
    if (!socket.destroyed && socket.writable) socket.write(encodeFrame(opcode, payload));
  };
  const closeFrame = (code: number, reason = '') => {
    const payload = Buffer.alloc(2 + Buffer.byteLength(reason));
    payload.writeUInt16BE(code, 0);
    payload.write(reason, 2);
    return payload;
  };
  const receive = (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    for (let frame = decodeFrame(buffered); frame; frame = decodeFrame(buffered)) {
      buffered = buffered.subarray(frame.size);
      if (frame.opcode === OPCODE.continuation || frame.opcode === OPCODE.text) {
        fragments.push(frame.payload);
        if (!frame.fin) continue;
        const text = Buffer.concat(fragments).toString('utf8');
        fragments = [];
        on.message(text);
      } else if (frame.opcode === OPCODE.close) {
        peerCode = frame.payload.length >= 2 ? frame.payload.readUInt16BE(0) : undefined;
        if (!closeSent) write(OPCODE.close, frame.payload.subarray(0, 2));
        closeSent = true;
        socket.end();
      } else if (frame.opcode === OPCODE.ping) {
        write(OPCODE.pong, frame.payload);
      }
    }
  };
  socket.on('data', receive);
  socket.on('error', () => socket.destroy());
  socket.on('close', () => on.closed(peerCode));
  if (head.length > 0) receive(head);
  return {
    sendText: (text) => write(OPCODE.text, Buffer.from(text, 'utf8')),
    close(code, reason) {
      if (closeSent) return;
      closeSent = true;
      write(OPCODE.close, closeFrame(code, reason));
      socket.end();
    },
    destroy: () => socket.destroy(),
  };
}

/** A single unmasked, final frame (servers never mask). */
function encodeFrame(opcode: number, payload: Buffer): Buffer {
  const first = 0x80 | opcode;
  if (payload.length < 126) return Buffer.concat([Buffer.from([first, payload.length]), payload]);
  if (payload.length < 65_536) {
    const header = Buffer.from([first, 126, 0, 0]);
    header.writeUInt16BE(payload.length, 2);
    return Buffer.concat([header, payload]);
  }
  const header = Buffer.alloc(10);
  header.writeUInt8(first, 0);
  header.writeUInt8(127, 1);
  header.writeBigUInt64BE(BigInt(payload.length), 2);
  return Buffer.concat([header, payload]);
}

/** One complete frame at the start of `data`, unmasked, or undefined if more bytes are needed. */
function decodeFrame(
  data: Buffer,
): { fin: boolean; opcode: number; payload: Buffer; size: number } | undefined {
  if (data.length < 2) return undefined;
  const first = data.readUInt8(0);
  const second = data.readUInt8(1);
  let length = second & 0x7f;
  let offset = 2;
  if (length === 126) {
    if (data.length < 4) return undefined;
    length = data.readUInt16BE(2);
    offset = 4;
  } else if (length === 127) {
    if (data.length < 10) return undefined;
    length = Number(data.readBigUInt64BE(2));
    offset = 10;
  }
  const masked = (second & 0x80) !== 0;
  const maskAt = offset;
  if (masked) offset += 4;
  if (data.length < offset + length) return undefined;
  const payload = Buffer.from(data.subarray(offset, offset + length));
  if (masked) {
    for (let i = 0; i < payload.length; i += 1) {
      payload.writeUInt8(payload.readUInt8(i) ^ data.readUInt8(maskAt + (i % 4)), i);
    }
  }
  return { fin: (first & 0x80) !== 0, opcode: first & 0x0f, payload, size: offset + length };
}
