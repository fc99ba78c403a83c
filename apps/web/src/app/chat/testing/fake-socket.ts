import { Conversation, Message, Presence, PresenceSubscribeAck, TypingEvent } from '@parley/contract';
import { Subject } from 'rxjs';
import { SocketService } from '../connection/socket.service';

/** The parts of SocketService the presence, typing and notification services use, with spies. */
export function fakeSocket(connected = true) {
  const fake = {
    connected,
    connected$: new Subject<{ reconnect: boolean }>(),
    messages$: new Subject<Message>(),
    conversations$: new Subject<Conversation>(),
    presence$: new Subject<Presence>(),
    typing$: new Subject<TypingEvent>(),
    subscribePresence: vi.fn(async (userIds: string[]): Promise<PresenceSubscribeAck> => ({
      ok: true,
      presence: userIds.map((userId) => ({ userId, online: false, lastSeenAt: null })),
    })),
    setPresenceStatus: vi.fn(),
    sendTyping: vi.fn(),
  };
  return { fake, provider: { provide: SocketService, useValue: fake } };
}
