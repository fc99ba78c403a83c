import { UseFilters, UsePipes } from '@nestjs/common';
import { ConnectedSocket, MessageBody, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import { Rooms, SocketEvent, type PresenceSubscribeAck } from '@parley/contract';
import { createValidationPipe } from '../../common/validation.pipe';
import { DomainError } from '../../common/domain-error';
import { WsExceptionsFilter } from '../../common/ws-exception.filter';
import { SocketThrottle, type SocketBucketRule } from '../../realtime/socket-throttle';
import type { ParleySocket } from '../../realtime/realtime.types';
import { PresenceStatusDto, PresenceSubscribeDto } from './dto/presence-subscribe.dto';
import { PresenceService } from './presence.service';

const PRESENCE_ROOM = Rooms.presence('');
/** A client resubscribes when its list of people changes, not in a loop: a few in a row, then one every 2 s. */
const SUBSCRIBE_RULE: SocketBucketRule = { name: 'presence:subscribe', capacity: 10, perSecond: 0.5 };
/** A tab reports active/away when it changes; a flood of reports is dropped. */
const STATUS_RULE: SocketBucketRule = { name: 'presence:status', capacity: 10, perSecond: 2 };

/** The socket face of presence: what a socket follows, and whether its tab is active or away. */
@WebSocketGateway()
@UseFilters(WsExceptionsFilter)
@UsePipes(createValidationPipe())
export class PresenceGateway {
  constructor(
    private readonly presence: PresenceService,
    private readonly throttle: SocketThrottle,
  ) {}

  /** Replaces what this socket follows (rooms on every process), then answers with their presence now. */
  @SubscribeMessage(SocketEvent.PresenceSubscribe)
  async subscribe(@ConnectedSocket() socket: ParleySocket, @MessageBody() payload: PresenceSubscribeDto): Promise<PresenceSubscribeAck> {
    const taken = this.throttle.take(socket, SUBSCRIBE_RULE);
    if (!taken.ok) throw DomainError.rateLimited('You are resubscribing too fast; please wait a moment', taken.retryAfterMs);
    const userIds = [...new Set(payload.userIds)];
    const wanted = new Set(userIds.map(Rooms.presence));
    for (const room of socket.rooms) if (room.startsWith(PRESENCE_ROOM) && !wanted.has(room)) await socket.leave(room);
    // Joined before the lookup: a change after it is pushed, one before it is in the answer.
    await socket.join([...wanted]);
    return { ok: true, presence: await this.presence.presenceOf(userIds) };
  }

  /** No ack: a bad payload, or one over the rate, is dropped. */
  @SubscribeMessage(SocketEvent.PresenceStatus)
  async status(@ConnectedSocket() socket: ParleySocket, @MessageBody() payload: PresenceStatusDto): Promise<void> {
    if (!this.throttle.take(socket, STATUS_RULE).ok) return;
    await this.presence.setStatus(socket, payload.status);
  }
}
