import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { ErrorCode, SocketEvent, type SocketError, type SocketErrorAck } from '@parley/contract';
import { SocketLifetime } from '../auth/socket-lifetime';
import type { ParleySocket } from '../realtime/realtime.types';
import { mapError } from '../common/error-mapping';
import { exceedsDepth } from '../common/json-depth';
import { socketErrorOf } from '../common/ws-exception.filter';
import { limitsConfig } from '../config/limits.config';
import { SendRateLimiter } from '../rate-limit/send-rate-limiter';
import { takeToken, type BucketState, type TakeResult } from '../rate-limit/token-bucket';
import { WriteBacklog } from './write-backlog';

type Ack = (answer: SocketErrorAck) => void;

/** The first pause of a flooding socket; doubled per pause in a row, up to the maximum. */
const PAUSE_BASE_MS = 1_000;
const PAUSE_MAX_MS = 8_000;

interface FloodState {
  /** Every event of this socket, whatever its name, draws on this in-process bucket. */
  events: BucketState | undefined;
  /** Sends refused since the last one let through. */
  refusedInARow: number;
  pauses: number;
  paused: boolean;
}

/** The ws connection under an Engine.IO websocket transport: it can stop reading from the network. */
interface PausableTransport {
  name: string;
  socket?: { pause?: () => void; resume?: () => void };
}

/**
 * Checks every incoming event before Nest parses or validates it, so that abuse is answered at
 * the lowest cost: payloads nested too deep, events on a socket whose token expired, and sends
 * beyond the account's rate (RATE_LIMITED with `retryAfterMs`).
 *
 * A client that keeps sending while told to wait (SEND_REFUSALS_BEFORE_PAUSE refusals in a row) is
 * not read from for a while (1 s, doubling to 8 s): even refusing costs decoding every event, and a
 * socket emitting 15 000 events a second would otherwise take the event loop from everyone else.
 * TCP then pushes back on the flooder. A client that honours retryAfterMs never gets there. Events
 * of any name also draw on a generous per-socket bucket (SOCKET_EVENT_BURST, SOCKET_EVENTS_PER_SECOND),
 * so a flood of unknown or invalid events is paused the same way.
 *
 * A send that finds the write queue full (WRITE_QUEUE_MAX) is refused here, UNAVAILABLE with
 * retryAfterMs, before Nest validates it: past saturation every send beyond what the database takes
 * costs only its decoding and its answer, so what is stored levels off instead of collapsing.
 */
@Injectable()
export class SocketPacketGuard {
  constructor(
    private readonly lifetime: SocketLifetime,
    private readonly sendLimiter: SendRateLimiter,
    @Inject(limitsConfig.KEY) private readonly limits: ConfigType<typeof limitsConfig>,
    private readonly backlog: WriteBacklog,
  ) {}

  private readonly floods = new WeakMap<ParleySocket, FloodState>();

  install(socket: ParleySocket): void {
    const flood: FloodState = { events: undefined, refusedInARow: 0, pauses: 0, paused: false };
    const eventRule = { capacity: this.limits.socketEventBurst, perSecond: this.limits.socketEventsPerSecond };
    this.floods.set(socket, flood);
    socket.use((packet, next) => {
      const [event, ...args] = packet as unknown as [string, ...unknown[]];
      const last = args[args.length - 1];
      const refuse = (error: SocketError) => typeof last === 'function' && (last as Ack)({ ok: false, error });
      // Not reading from this socket: what was already read with the pausing chunk is left unanswered too.
      if (flood.paused) return;
      const drawn = takeToken(flood.events, eventRule, Date.now());
      flood.events = drawn.state;
      if (!drawn.result.ok) return this.pauseReading(socket, flood, drawn.result.retryAfterMs);
      if (args.some((arg) => exceedsDepth(arg, this.limits.maxJsonDepth))) {
        return refuse({
          code: ErrorCode.ValidationFailed,
          message: `Invalid input — payload must not be nested more than ${this.limits.maxJsonDepth} levels deep`,
          details: [{ field: 'body', message: `must not be nested more than ${this.limits.maxJsonDepth} levels deep` }],
        });
      }
      if (event !== SocketEvent.AuthRenew && this.lifetime.isExpired(socket)) {
        refuse({ code: ErrorCode.Unauthenticated, message: 'Your access token expired; reconnect with a renewed one' });
        return this.lifetime.expire(socket);
      }
      if (event !== SocketEvent.MessageSend) return next();
      const decide = (result: TakeResult) => {
        if (result.ok) {
          flood.refusedInARow = 0;
          flood.pauses = 0;
          if (!this.backlog.full) return next();
          return refuse(socketErrorOf(mapError(WriteBacklog.busy()).body));
        }
        refuse({ code: ErrorCode.RateLimited, message: 'You are sending too fast; please wait a moment', retryAfterMs: result.retryAfterMs });
        flood.refusedInARow += 1;
        if (flood.refusedInARow >= this.limits.sendRefusalsBeforePause) this.pauseReading(socket, flood, result.retryAfterMs);
      };
      const result = this.sendLimiter.tryTake(socket.data.userId);
      if ('then' in result) result.then(decide, () => next());
      else decide(result);
    });
  }

  private pauseReading(socket: ParleySocket, flood: FloodState, retryAfterMs: number): void {
    if (flood.paused) return;
    const transport = socket.conn.transport as unknown as PausableTransport;
    const ws = transport.name === 'websocket' ? transport.socket : undefined;
    if (!ws?.pause || !ws.resume) {
      // Long-polling cannot be paused: close it instead (the client reconnects and is told to wait again).
      socket.disconnect(true);
      return;
    }
    const ms = Math.min(PAUSE_MAX_MS, Math.max(retryAfterMs, PAUSE_BASE_MS * 2 ** flood.pauses));
    flood.paused = true;
    flood.pauses += 1;
    flood.refusedInARow = 0;
    ws.pause();
    const resume = ws.resume.bind(ws);
    setTimeout(() => {
      flood.paused = false;
      if (socket.connected) resume();
    }, ms).unref();
  }
}

