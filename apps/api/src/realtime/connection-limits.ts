import type { IncomingMessage } from 'node:http';
import type { Server } from 'socket.io';
import { clientAddressOf, type TrustProxy } from './client-address';

export interface ConnectionLimitOptions {
  trustProxy: TrustProxy;
  /** Origins allowed besides the API's own (CORS_ORIGINS). */
  allowedOrigins: readonly string[];
  maxPendingPerIp: number;
}

type AllowRequest = (req: IncomingMessage, callback: (error: string | null | undefined, success: boolean) => void) => void;

/** Engine.IO's own connection, as far as this file needs it. */
interface EngineConnection {
  request: IncomingMessage;
  once(event: 'close', listener: () => void): void;
}

/**
 * Guards on connections before anyone has authenticated: a page on a foreign origin may not open
 * a socket (clients that send no Origin, native or server-side ones, may), and one address may
 * hold only so many connections that have not completed the Socket.IO handshake, per process.
 * Counting connections in this process is what the limit is about (its memory and file handles),
 * not who is connected, so it is no state that would have to be shared.
 */
export class ConnectionLimits {
  private readonly pending = new Map<string, number>();
  private readonly settle = new WeakMap<object, () => void>();
  private readonly addressOf: (req: IncomingMessage) => string;

  constructor(private readonly options: ConnectionLimitOptions) {
    this.addressOf = clientAddressOf(options.trustProxy);
  }

  readonly allowRequest: AllowRequest = (req, callback) => {
    if (!this.originAllowed(req)) return callback('origin not allowed', false);
    if ((this.pending.get(this.addressOf(req)) ?? 0) >= this.options.maxPendingPerIp) {
      return callback('too many connections from this address', false);
    }
    callback(null, true);
  };

  /** Counts each Engine.IO connection as pending until it joins a namespace or closes. */
  attach(server: Server): void {
    server.engine.on('connection', (conn: EngineConnection) => {
      const address = this.addressOf(conn.request);
      this.pending.set(address, (this.pending.get(address) ?? 0) + 1);
      let settled = false;
      const done = () => {
        if (settled) return;
        settled = true;
        const left = (this.pending.get(address) ?? 1) - 1;
        if (left > 0) this.pending.set(address, left);
        else this.pending.delete(address);
      };
      this.settle.set(conn, done);
      conn.once('close', done);
    });
    server.on('connection', (socket) => this.settle.get(socket.conn)?.());
  }

  private originAllowed(req: IncomingMessage): boolean {
    const origin = req.headers.origin;
    if (origin === undefined) return true;
    if (this.options.allowedOrigins.includes(origin)) return true;
    try {
      // Same origin: the page was served by this host (behind a proxy, the Host it forwards).
      return new URL(origin).host === req.headers.host;
    } catch {
      return false;
    }
  }
}
