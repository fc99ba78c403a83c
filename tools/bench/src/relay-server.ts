/**
 * The floor Parley is compared with: a bare Socket.IO relay. It authenticates nothing and stores
 * nothing. Like Parley it puts each socket in its user's room and emits `message:new` once per message
 * to every member's room (sender included), and acks with the message. The members are read from the
 * conversation id (`<userA>~<userB>[~…]`, relay-conversation.ts), so it needs no state. Run as its own process; reports its port
 * over the fork IPC channel.
 *
 * With REDIS_URL (several relay processes) it uses the Redis adapter REDIS_ADAPTER names, as Parley
 * does: classic, or sharded in "dynamic" mode with one emit per room (Parley's RealtimeServer.emit).
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { MessageKind, Rooms, SocketEvent, type Message, type SendMessagePayload } from '@parley/contract';
import { createAdapter, createShardedAdapter } from '@socket.io/redis-adapter';
import Redis from 'ioredis';
import { Server } from 'socket.io';
import { relayMembers } from './relay-conversation';

const httpServer = createServer();
const io = new Server(httpServer, { serveClient: false, maxHttpBufferSize: 64 * 1024 });
let seq = 0;
const redisUrl = process.env['REDIS_URL'];
const sharded = process.env['REDIS_ADAPTER'] === 'sharded';
if (redisUrl) {
  const pub = new Redis(redisUrl);
  const sub = pub.duplicate();
  io.adapter(sharded ? createShardedAdapter(pub, sub, { subscriptionMode: 'dynamic' }) : createAdapter(pub, sub));
}

io.on('connection', (socket) => {
  const userId = String(socket.handshake.auth['userId'] ?? '');
  void socket.join(Rooms.user(userId));
  socket.on(SocketEvent.MessageSend, (payload: SendMessagePayload, ack: (result: unknown) => void) => {
    const message: Message = {
      id: randomUUID(),
      conversationId: payload.conversationId,
      senderId: userId,
      body: payload.body.trim(),
      clientMessageId: payload.clientMessageId,
      seq: ++seq,
      createdAt: new Date().toISOString(),
      kind: MessageKind.Text,
      version: 1,
      editedAt: null,
      deletedAt: null,
      replyTo: null,
      reactions: [],
      attachments: [],
    };
    const rooms = relayMembers(payload.conversationId).map(Rooms.user);
    for (const target of sharded ? rooms : [rooms]) io.to(target).emit(SocketEvent.MessageNew, message);
    if (typeof ack === 'function') ack({ ok: true, message });
  });
});

httpServer.listen(0, '127.0.0.1', () => {
  const address = httpServer.address();
  process.send?.({ type: 'listening', port: typeof address === 'object' && address ? address.port : 0 });
});

// Stop with the orchestrator, whichever way it goes.
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => io.close(() => process.exit(0)));
