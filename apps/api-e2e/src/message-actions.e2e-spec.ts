import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode, Limits, SocketEvent, type Conversation, type Message } from '@parley/contract';
import { ApiClient } from './support/http';
import { startServer, databaseKinds, type TestServer } from './support/server';
import { createUser, newClientMessageId, openConversation, postMessage, type TestUser } from './support/factories';
import { expectAckError, expectApiError } from './support/expectations';
import { ActionsApi, expectStatus } from './support/message-actions';
import { listAllMessages } from './support/queries';
import { closeAllSockets, connectSocket, receivedEvents, sendMessage, waitForEvent } from './support/socket';

describe.each(databaseKinds)('editing, deleting, reacting and replying (%s)', (database) => {
  let server: TestServer;
  let client: ApiClient;
  let api: ActionsApi;
  let alice: TestUser;
  let bob: TestUser;
  let mallory: TestUser;
  let conversation: Conversation;

  beforeAll(async () => {
    server = await startServer({ database });
    client = new ApiClient(server);
    api = new ActionsApi(client);
    [alice, bob, mallory] = [await createUser(client), await createUser(client), await createUser(client)];
    conversation = await openConversation(client, alice, bob);
  });
  afterEach(() => closeAllSockets());
  afterAll(async () => {
    await server?.dispose();
  });

  /** The stored state as a member reads it through history. */
  async function stored(messageId: string): Promise<Message> {
    const all = await listAllMessages(client, bob.accessToken, conversation.id);
    return all.find((m) => m.id === messageId)!;
  }

  it('a new message carries the v2 fields empty', async () => {
    const message = await postMessage(client, alice, conversation.id, 'plain');
    expect(message).toMatchObject({ version: 1, editedAt: null, deletedAt: null, replyTo: null, reactions: [] });
  });

  it('the sender edits: 200 with the new body, editedAt set, version bumped; both members get message:updated', async () => {
    const [aliceTab, bobTab, malloryTab] = await Promise.all([alice, bob, mallory].map((u) => connectSocket(server.url, u.accessToken)));
    const original = await postMessage(client, alice, conversation.id, 'frist');
    const edited = expectStatus(await api.edit(alice, conversation.id, original.id, '  first  '), 200);
    expect(edited).toMatchObject({ id: original.id, seq: original.seq, body: 'first', version: original.version + 1, editedAt: expect.any(String) });
    for (const tab of [aliceTab, bobTab]) expect(await waitForEvent(tab, SocketEvent.MessageUpdated, (m) => m.id === original.id)).toEqual(edited);
    expect(await stored(original.id)).toEqual(edited);
    // The same body again changes nothing.
    expect(expectStatus(await api.edit(alice, conversation.id, original.id, 'first'), 200)).toEqual(edited);
    expect(receivedEvents(malloryTab, SocketEvent.MessageUpdated)).toEqual([]);
  });

  it('another member gets 403 for editing or deleting; a non-member 404 for every route; nothing changes', async () => {
    const message = await postMessage(client, alice, conversation.id, 'mine');
    expectApiError(await api.edit(bob, conversation.id, message.id, 'hijacked'), 403, ErrorCode.Forbidden);
    expectApiError(await api.remove(bob, conversation.id, message.id), 403, ErrorCode.Forbidden);
    expectApiError(await api.edit(mallory, conversation.id, message.id, 'x'), 404, ErrorCode.NotFound);
    expectApiError(await api.remove(mallory, conversation.id, message.id), 404, ErrorCode.NotFound);
    expectApiError(await api.react(mallory, conversation.id, message.id, '👍'), 404, ErrorCode.NotFound);
    expectApiError(await api.unreact(mallory, conversation.id, message.id, '👍'), 404, ErrorCode.NotFound);
    expectApiError(await api.reply(mallory, conversation.id, message.id), 404, ErrorCode.NotFound);
    expect(await stored(message.id)).toEqual(message);
  });

  it('a message id of another conversation is 404 through this one', async () => {
    const other = await openConversation(client, alice, mallory);
    const elsewhere = await postMessage(client, alice, other.id, 'elsewhere');
    expectApiError(await api.edit(alice, conversation.id, elsewhere.id, 'x'), 404, ErrorCode.NotFound);
    expectApiError(await api.react(bob, conversation.id, elsewhere.id, '👍'), 404, ErrorCode.NotFound);
  });

  it('reactions: PUT adds mine (a repeat is a no-op), in first-reaction order; DELETE removes mine; live to both', async () => {
    const bobTab = await connectSocket(server.url, bob.accessToken);
    const message = await postMessage(client, alice, conversation.id, 'react to me');
    const first = expectStatus(await api.react(bob, conversation.id, message.id, '🎉'), 200);
    expect(first.reactions).toEqual([{ emoji: '🎉', userIds: [bob.user.id] }]);
    await api.react(alice, conversation.id, message.id, '👍🏽');
    const both = expectStatus(await api.react(alice, conversation.id, message.id, '🎉'), 200);
    expect(both.reactions).toEqual([
      { emoji: '🎉', userIds: [bob.user.id, alice.user.id] },
      { emoji: '👍🏽', userIds: [alice.user.id] },
    ]);
    expect(expectStatus(await api.react(alice, conversation.id, message.id, '🎉'), 200)).toEqual(both);
    // Order follows each emoji's earliest reaction still there: alice's 👍🏽 now predates her 🎉.
    const removed = expectStatus(await api.unreact(bob, conversation.id, message.id, '🎉'), 200);
    expect(removed.reactions).toEqual([
      { emoji: '👍🏽', userIds: [alice.user.id] },
      { emoji: '🎉', userIds: [alice.user.id] },
    ]);
    expect(removed.version).toBe(both.version + 1);
    expect(expectStatus(await api.unreact(bob, conversation.id, message.id, '🎉'), 200)).toEqual(removed);
    expect(await waitForEvent(bobTab, SocketEvent.MessageUpdated, (m) => m.id === message.id && m.version === removed.version)).toEqual(removed);
    expect(await stored(message.id)).toEqual(removed);
  });

  it.each([
    ['a letter', 'a'],
    ['a digit', '1'],
    ['two emoji', '👍👍'],
    ['an emoji and text', '👍x'],
    ['markup', '<b>'],
    ['a lone joiner', '\u200d'],
  ])('a reaction that is %s is refused with 400 naming emoji', async (_, emoji) => {
    const message = await postMessage(client, alice, conversation.id, 'strict');
    expectApiError(await api.react(bob, conversation.id, message.id, emoji), 400, ErrorCode.ValidationFailed, ['emoji']);
    expectApiError(await api.unreact(bob, conversation.id, message.id, emoji), 400, ErrorCode.ValidationFailed, ['emoji']);
    expect(await stored(message.id)).toEqual(message);
  });

  it(`at most ${Limits.reactionsPerMessageMax} distinct emoji per message (409); more people on one is fine`, async () => {
    const message = await postMessage(client, alice, conversation.id, 'popular');
    const emoji = [...'😀😁😂🤣😃😄😅😆😉😊😋😎😍😘🥰😗😙😚🙂🤗🤩'];
    for (const e of emoji.slice(0, Limits.reactionsPerMessageMax)) expectStatus(await api.react(bob, conversation.id, message.id, e), 200);
    expectApiError(await api.react(bob, conversation.id, message.id, emoji[Limits.reactionsPerMessageMax]), 409, ErrorCode.TooManyReactions);
    const more = expectStatus(await api.react(alice, conversation.id, message.id, emoji[0]), 200);
    expect(more.reactions).toHaveLength(Limits.reactionsPerMessageMax);
    expect(more.reactions[0]).toEqual({ emoji: emoji[0], userIds: [bob.user.id, alice.user.id] });
  });

  it('replies over REST and over the socket carry a preview of the original (cut to 200 characters)', async () => {
    const aliceTab = await connectSocket(server.url, alice.accessToken);
    const long = `${'long '.repeat(60)}end`;
    const original = await postMessage(client, bob, conversation.id, long);
    const preview = { id: original.id, seq: original.seq, senderId: bob.user.id, body: [...long].slice(0, Limits.replyPreviewMax).join(''), deleted: false };
    const overRest = expectStatus(await api.reply(alice, conversation.id, original.id, 'rest reply'), 201);
    expect(overRest.replyTo).toEqual(preview);
    const ack = await sendMessage(aliceTab, { conversationId: conversation.id, body: 'socket reply', clientMessageId: newClientMessageId(), replyToId: original.id });
    expect(ack.ok && ack.message.replyTo).toEqual(preview);
    expect((await stored(overRest.id)).replyTo).toEqual(preview);
  });

  it('a reply must answer a message of the same conversation: 400 naming replyToId (socket: error ack), nothing stored', async () => {
    const aliceTab = await connectSocket(server.url, alice.accessToken);
    const other = await openConversation(client, alice, mallory);
    const elsewhere = await postMessage(client, alice, other.id, 'elsewhere');
    const before = await listAllMessages(client, alice.accessToken, conversation.id);
    for (const replyToId of [elsewhere.id, newClientMessageId()]) {
      expectApiError(await api.reply(alice, conversation.id, replyToId), 400, ErrorCode.ValidationFailed, ['replyToId']);
      const ack = await sendMessage(aliceTab, { conversationId: conversation.id, body: 'x', clientMessageId: newClientMessageId(), replyToId });
      expectAckError(ack, ErrorCode.ValidationFailed, ['replyToId']);
    }
    expectApiError(await api.reply(alice, conversation.id, 'not-a-uuid'), 400, ErrorCode.ValidationFailed, ['replyToId']);
    expect(await listAllMessages(client, alice.accessToken, conversation.id)).toEqual(before);
  });

  it('an edit of the original changes the preview of its replies, which are pushed again', async () => {
    const bobTab = await connectSocket(server.url, bob.accessToken);
    const original = await postMessage(client, bob, conversation.id, 'see you at 5');
    const reply = expectStatus(await api.reply(alice, conversation.id, original.id, 'ok'), 201);
    expectStatus(await api.edit(bob, conversation.id, original.id, 'see you at 6'), 200);
    const updated = await waitForEvent(bobTab, SocketEvent.MessageUpdated, (m) => m.id === reply.id);
    expect(updated.replyTo).toMatchObject({ id: original.id, body: 'see you at 6', deleted: false });
    expect(updated.version).toBe(reply.version + 1);
    expect(await stored(reply.id)).toEqual(updated);
  });

  it('delete: 204, a tombstone that keeps its seq, loses body, reactions and preview; replies show it deleted; 409 afterwards', async () => {
    const aliceTab = await connectSocket(server.url, alice.accessToken);
    const original = await postMessage(client, bob, conversation.id, 'the original');
    const doomed = expectStatus(await api.reply(alice, conversation.id, original.id, 'regret this'), 201);
    const replyToDoomed = expectStatus(await api.reply(bob, conversation.id, doomed.id, 'what?'), 201);
    await api.react(bob, conversation.id, doomed.id, '😮');
    const res = await api.remove(alice, conversation.id, doomed.id);
    expect(res.status, res.text).toBe(204);
    const tombstone = await stored(doomed.id);
    expect(tombstone).toMatchObject({ id: doomed.id, seq: doomed.seq, body: '', deletedAt: expect.any(String), reactions: [], replyTo: null });
    expect(await waitForEvent(aliceTab, SocketEvent.MessageUpdated, (m) => m.id === doomed.id && m.deletedAt !== null)).toEqual(tombstone);
    const answered = await stored(replyToDoomed.id);
    expect(answered.replyTo).toEqual({ id: doomed.id, seq: doomed.seq, senderId: alice.user.id, body: '', deleted: true });
    await waitForEvent(aliceTab, SocketEvent.MessageUpdated, (m) => m.id === replyToDoomed.id && m.version === answered.version);
    expect(receivedEvents(aliceTab, SocketEvent.MessageUpdated).filter((m) => m.id === replyToDoomed.id)).toEqual([answered]);

    expectApiError(await api.edit(alice, conversation.id, doomed.id, 'undo'), 409, ErrorCode.MessageDeleted);
    expectApiError(await api.react(bob, conversation.id, doomed.id, '👍'), 409, ErrorCode.MessageDeleted);
    expectApiError(await api.unreact(bob, conversation.id, doomed.id, '😮'), 409, ErrorCode.MessageDeleted);
    expectApiError(await api.reply(bob, conversation.id, doomed.id), 409, ErrorCode.MessageDeleted);
    // Deleting again is a retried request: 204, nothing changes.
    expect((await api.remove(alice, conversation.id, doomed.id)).status).toBe(204);
    expect(await stored(doomed.id)).toEqual(tombstone);
  });

  it('system messages cannot be edited or deleted (409 NOT_A_TEXT_MESSAGE)', async () => {
    const group = expectStatus(await api.createGroup(alice, [bob, mallory], 'Planning'), 201);
    const [created] = await listAllMessages(client, alice.accessToken, group.id);
    expectApiError(await api.edit(alice, group.id, created.id, 'x'), 409, ErrorCode.NotATextMessage);
    expectApiError(await api.remove(alice, group.id, created.id), 409, ErrorCode.NotATextMessage);
  });

  it.each([
    [{ body: '' }, 'body'],
    [{ body: '   ' }, 'body'],
    [{ body: 'x'.repeat(Limits.messageBodyMax + 1) }, 'body'],
    [{ body: 42 }, 'body'],
    [{ body: 'ok', extra: 1 }, 'extra'],
    [{}, 'body'],
  ])('PATCH %j -> 400 naming %s, nothing stored changed', async (payload, field) => {
    const message = await postMessage(client, alice, conversation.id, 'unchanged');
    const res = await client.api(`/api/conversations/${conversation.id}/messages/${message.id}`, { method: 'PATCH', token: alice.accessToken, body: payload });
    expectApiError(res, 400, ErrorCode.ValidationFailed, [field]);
    expect(await stored(message.id)).toEqual(message);
  });

  it('path ids must be UUIDs (400 naming the parameter) and a bearer is required', async () => {
    const message = await postMessage(client, alice, conversation.id, 'ids');
    expectApiError(await api.edit(alice, conversation.id, 'nope', 'x'), 400, ErrorCode.ValidationFailed, ['messageId']);
    expectApiError(await api.react(alice, 'nope', message.id, '👍'), 400, ErrorCode.ValidationFailed, ['id']);
    expectApiError(await client.api(`/api/conversations/${conversation.id}/messages/${message.id}`, { method: 'DELETE' }), 401, ErrorCode.Unauthenticated);
  });

  it('a malformed percent-encoding of the emoji is a 400, not a server error', async () => {
    const message = await postMessage(client, alice, conversation.id, 'encoding');
    const res = await client.api(`/api/conversations/${conversation.id}/messages/${message.id}/reactions/%F0%9F%91`, { method: 'PUT', token: bob.accessToken });
    expect(res.status, res.text).toBe(400);
    expect(await stored(message.id)).toEqual(message);
  });

  it('in a group every member hears of a change; a removed member gets 404 for every route and hears nothing more', async () => {
    const group = expectStatus(await api.createGroup(alice, [bob, mallory], 'Temporary'), 201);
    const message = await postMessage(client, mallory, group.id, 'from mallory');
    const [bobTab, malloryTab] = await Promise.all([bob, mallory].map((u) => connectSocket(server.url, u.accessToken)));
    const reacted = expectStatus(await api.react(alice, group.id, message.id, '👋'), 200);
    for (const tab of [bobTab, malloryTab]) expect(await waitForEvent(tab, SocketEvent.MessageUpdated, (m) => m.id === message.id)).toEqual(reacted);
    expect((await api.removeMember(alice, group.id, mallory.user.id)).status).toBe(204);
    const later = expectStatus(await api.react(bob, group.id, message.id, '👋'), 200);
    expect(await waitForEvent(bobTab, SocketEvent.MessageUpdated, (m) => m.id === message.id && m.version === later.version)).toEqual(later);
    expect(receivedEvents(malloryTab, SocketEvent.MessageUpdated).map((m) => m.version)).toEqual([reacted.version]);
    expectApiError(await api.edit(mallory, group.id, message.id, 'x'), 404, ErrorCode.NotFound);
    expectApiError(await api.remove(mallory, group.id, message.id), 404, ErrorCode.NotFound);
    expectApiError(await api.react(mallory, group.id, message.id, '👍'), 404, ErrorCode.NotFound);
  });
});
