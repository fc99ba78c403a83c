import { SocketEvent, type Message } from '@parley/contract';
import { openConversation, postMessage, type TestUser } from './factories';
import type { ApiClient } from './http';
import { waitForEvent, type ClientSocket } from './socket';

/**
 * Proves "this socket received nothing more" without a sleep: a courier posts into its own direct
 * conversation with `target` and we wait for that message on `socket`. Events reach one socket in the
 * order the server emitted them, so once the courier's message is there, anything emitted to that
 * socket before it has arrived too. Returns the courier's message (exclude it when counting).
 */
export async function deliveryBarrier(client: ApiClient, courier: TestUser, target: TestUser, socket: ClientSocket): Promise<Message> {
  const direct = await openConversation(client, courier, target);
  const message = await postMessage(client, courier, direct.id, 'barrier');
  await waitForEvent(socket, SocketEvent.MessageNew, (m) => m.id === message.id, 20_000);
  return message;
}
