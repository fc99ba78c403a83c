import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { Limits, Rooms, SocketEvent, type TypingPayload } from '@parley/contract';
import { limitsConfig } from '../../config/limits.config';
import { ConnectionHooks, type SocketLifecycle } from '../../realtime/connection-hooks';
import { RealtimeServer } from '../../realtime/realtime-server';
import type { ParleySocket } from '../../realtime/realtime.types';
import { SocketThrottle, type SocketBucketRule } from '../../realtime/socket-throttle';
import { MembershipService } from '../membership.service';

/** What one socket is typing in: the timer that ends each indicator, and the queue its events go through. */
interface SocketTyping {
  timers: Map<string, NodeJS.Timeout>;
  /** One event at a time per socket, so a `false` can never overtake the `true` before it. */
  queue: Promise<void>;
}

/** A socket typing in more conversations than this at once is not a person: the rest are dropped. */
const MAX_TYPING_PER_SOCKET = 20;

/**
 * Typing indicators: never stored, relayed to the conversation's other members (their user rooms,
 * on every process; not the sender's own devices). Membership is read exactly for every relay, so
 * someone removed from a conversation is never relayed. The server ends an indicator by itself:
 * Limits.typingExpiresMs after the last `typing: true` of a socket, when that socket sends a message
 * there, and when it disconnects. The timers live with the socket and go with it.
 */
@Injectable()
export class TypingService implements SocketLifecycle, OnModuleInit {
  private readonly logger = new Logger('Typing');
  private readonly sockets = new WeakMap<ParleySocket, SocketTyping>();
  private readonly rule: SocketBucketRule;

  constructor(
    private readonly membership: MembershipService,
    private readonly realtime: RealtimeServer,
    private readonly hooks: ConnectionHooks,
    private readonly throttle: SocketThrottle,
    @Inject(limitsConfig.KEY) limits: ConfigType<typeof limitsConfig>,
  ) {
    this.rule = { name: 'typing', capacity: limits.typingBurst, perSecond: limits.typingPerSecond };
  }

  onModuleInit(): void {
    this.hooks.register(this);
  }

  /** A client's `typing` event (already validated); over the socket's rate it is dropped. */
  receive(socket: ParleySocket, payload: TypingPayload): Promise<void> {
    if (!this.throttle.take(socket, this.rule).ok) return Promise.resolve();
    return this.enqueue(socket, () => (payload.typing ? this.start(socket, payload.conversationId) : this.stop(socket, payload.conversationId)));
  }

  /** Ends this socket's indicator in that conversation, if it has one (relays `typing: false`). */
  end(socket: ParleySocket, conversationId: string): Promise<void> {
    // A socket that never sent `typing` (most API clients, every send of a bot) costs its sends nothing.
    // One that did has its state from the moment its first event was queued, so nothing can overtake it.
    if (!this.sockets.has(socket)) return Promise.resolve();
    return this.enqueue(socket, () => this.stop(socket, conversationId));
  }

  async socketDisconnected(socket: ParleySocket): Promise<void> {
    const state = this.sockets.get(socket);
    if (!state) return;
    const conversationIds = [...state.timers.keys()];
    for (const timer of state.timers.values()) clearTimeout(timer);
    state.timers.clear();
    await Promise.all(conversationIds.map((id) => this.relay(socket.data.userId, id, false)));
  }

  private async start(socket: ParleySocket, conversationId: string): Promise<void> {
    const state = this.stateOf(socket);
    if (!state.timers.has(conversationId) && state.timers.size >= MAX_TYPING_PER_SOCKET) return;
    if (!(await this.relay(socket.data.userId, conversationId, true))) return;
    // Gone while the relay was on its way: its disconnect already ended what it had.
    if (!socket.connected) {
      await this.relay(socket.data.userId, conversationId, false);
      return;
    }
    clearTimeout(state.timers.get(conversationId));
    const expire = setTimeout(() => void this.end(socket, conversationId), Limits.typingExpiresMs);
    state.timers.set(conversationId, expire);
  }

  private async stop(socket: ParleySocket, conversationId: string): Promise<void> {
    const state = this.sockets.get(socket);
    const timer = state?.timers.get(conversationId);
    if (!state || !timer) return;
    clearTimeout(timer);
    state.timers.delete(conversationId);
    await this.relay(socket.data.userId, conversationId, false);
  }

  /** To the other current members; false (nothing sent) when `userId` is not a member. */
  private async relay(userId: string, conversationId: string, typing: boolean): Promise<boolean> {
    const members = await this.membership.currentMembers(conversationId);
    if (!members.includes(userId)) return false;
    const others = members.filter((id) => id !== userId);
    this.realtime.emit(others.map(Rooms.user), SocketEvent.Typing, { conversationId, userId, typing });
    return true;
  }

  private stateOf(socket: ParleySocket): SocketTyping {
    let state = this.sockets.get(socket);
    if (!state) this.sockets.set(socket, (state = { timers: new Map(), queue: Promise.resolve() }));
    return state;
  }

  /** Never rejects: a failed relay (the database away) is logged, and callers may fire and forget. */
  private enqueue(socket: ParleySocket, work: () => Promise<void>): Promise<void> {
    const state = this.stateOf(socket);
    state.queue = state.queue.then(work).catch((error: unknown) => {
      this.logger.warn({ socketId: socket.id, err: error }, 'A typing indicator could not be relayed');
    });
    return state.queue;
  }
}
