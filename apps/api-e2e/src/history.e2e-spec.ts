import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Limits, SocketEvent, type Conversation, type Message, type MessagePage, type Page } from '@parley/contract';
import { ApiClient } from './support/http';
import { startServer, databaseKinds, type TestServer } from './support/server';
import { createUser, newClientMessageId, openConversation, postMessage, postMessages, type TestUser } from './support/factories';
import { listAllConversations, listAllMessages } from './support/queries';
import { closeAllSockets, connectSocket, sendMessage, waitForEvent } from './support/socket';

const seqs = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe.each(databaseKinds)('history (%s)', (database) => {
  let server: TestServer;
  let client: ApiClient;

  beforeAll(async () => {
    server = await startServer({ database });
    client = new ApiClient(server);
  });
  afterEach(() => closeAllSockets());
  afterAll(async () => {
    await server?.dispose();
  });

  describe('survives a restart of the server process on the same database', () => {
    it('keeps users, conversations, messages and seq; tokens and logins still work', async () => {
      const a = await createUser(client);
      const b = await createUser(client);
      const conversation = await openConversation(client, a, b);
      const before = await postMessages(client, a, conversation.id, 5, 'before restart');
      const conversationsBefore = await listAllConversations(client, b.accessToken);
      const pidBefore = server.pid;

      const exit = await server.restart();
      expect(exit, 'SIGTERM should end the process by itself').toMatchObject({ forced: false });
      expect(server.pid).not.toBe(pidBefore);

      expect(await listAllMessages(client, b.accessToken, conversation.id)).toEqual(before);
      expect(await listAllConversations(client, b.accessToken)).toEqual(conversationsBefore);
      const login = await client.login({ username: a.user.username, password: a.password });
      expect(login.status, login.text).toBe(200);
      expect(login.body.user).toEqual(a.user);
      // A refresh token issued before the restart is still a valid login.
      const refreshed = await client.refresh(b.refreshCookie);
      expect(refreshed.status, refreshed.text).toBe(200);

      // seq continues where it stopped, and live delivery works on the new process.
      const bobSocket = await connectSocket(server.url, b.accessToken);
      const aliceSocket = await connectSocket(server.url, login.body.accessToken);
      const ack = await sendMessage(aliceSocket, { conversationId: conversation.id, body: 'after restart', clientMessageId: newClientMessageId() });
      expect(ack.ok, JSON.stringify(ack)).toBe(true);
      if (!ack.ok) return;
      expect(ack.message.seq).toBe(6);
      expect(await waitForEvent(bobSocket, SocketEvent.MessageNew, (m) => m.id === ack.message.id)).toEqual(ack.message);
      // Idempotency survives the restart as well.
      const repeat = await client.api<Message>(`/api/conversations/${conversation.id}/messages`, {
        token: a.accessToken,
        body: { body: before[0].body, clientMessageId: before[0].clientMessageId },
      });
      expect(repeat.status, repeat.text).toBe(200);
      expect(repeat.body).toEqual(before[0]);
      expect(await listAllMessages(client, b.accessToken, conversation.id)).toEqual([...before, ack.message]);
    });
  });

  describe('acknowledged means durable', () => {
    it('every acked message is there after the process is killed with SIGKILL right after the acks', async () => {
      const a = await createUser(client);
      const b = await createUser(client);
      const conversation = await openConversation(client, a, b);
      const sockets = await Promise.all([a, b].map((u) => connectSocket(server.url, u.accessToken)));
      const acks = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          sendMessage(sockets[i % 2], { conversationId: conversation.id, body: `durable ${i}`, clientMessageId: newClientMessageId() }),
        ),
      );
      const acked = acks.map((ack) => {
        if (!ack.ok) throw new Error(`send failed: ${JSON.stringify(ack)}`);
        return ack.message;
      });
      const killed = await server.stop('SIGKILL');
      expect(killed.signal).toBe('SIGKILL');
      await server.restart();

      const stored = await listAllMessages(client, a.accessToken, conversation.id);
      expect(stored).toEqual([...acked].sort((x, y) => x.seq - y.seq));
      expect(stored.map((m) => m.seq)).toEqual(seqs(1, 20));
      const next = await postMessage(client, b, conversation.id, 'after the crash');
      expect(next.seq).toBe(21);
    });
  });

  describe('pagination', () => {
    const total = 55;
    let a: TestUser;
    let conversationId: string;
    let all: Message[];

    beforeAll(async () => {
      a = await createUser(client);
      const b = await createUser(client);
      conversationId = (await openConversation(client, a, b)).id;
      all = await postMessages(client, a, conversationId, total, 'page');
    });

    async function page(query: string): Promise<MessagePage> {
      const res = await client.api<MessagePage>(`/api/conversations/${conversationId}/messages${query}`, { token: a.accessToken });
      expect(res.status, res.text).toBe(200);
      return res.body;
    }

    it('without cursors returns the latest page of the default size, ascending', async () => {
      const latest = await page('');
      expect(latest.items).toEqual(all.slice(total - Limits.messagesPageDefault));
      expect(latest.hasMore).toBe(true);
      const small = await page('?limit=1');
      expect(small).toEqual({ items: [all[total - 1]], hasMore: true });
    });

    it('walking back with before returns every message exactly once in seq order', async () => {
      const pages: Message[][] = [];
      let query = '?limit=7';
      for (;;) {
        const p = await page(query);
        expect(p.items.map((m) => m.seq)).toEqual([...p.items.map((m) => m.seq)].sort((x, y) => x - y));
        pages.unshift(p.items);
        if (!p.hasMore) break;
        query = `?limit=7&before=${p.items[0].seq}`;
        expect(pages.length).toBeLessThan(20);
      }
      expect(pages.flat()).toEqual(all);
    });

    it('walking forward with after returns every message exactly once in seq order', async () => {
      const pages: Message[][] = [];
      let after = 0;
      for (;;) {
        const p = await page(`?limit=7&after=${after}`);
        pages.push(p.items);
        if (!p.hasMore) break;
        after = p.items[p.items.length - 1].seq;
        expect(pages.length).toBeLessThan(20);
      }
      expect(pages.flat()).toEqual(all);
    });

    it('before and after pick the messages right next to the cursor', async () => {
      expect((await page('?before=10&limit=3')).items.map((m) => m.seq)).toEqual([7, 8, 9]);
      expect((await page('?after=10&limit=3')).items.map((m) => m.seq)).toEqual([11, 12, 13]);
      expect(await page('?before=1')).toEqual({ items: [], hasMore: false });
      expect(await page(`?after=${total}`)).toEqual({ items: [], hasMore: false });
      expect(await page(`?before=4`)).toEqual({ items: all.slice(0, 3), hasMore: false });
    });

    it('honours the limit bounds: the maximum returns everything, hasMore false', async () => {
      expect(await page(`?limit=${Limits.messagesPageMax}`)).toEqual({ items: all, hasMore: false });
      expect(await page(`?limit=${total}`)).toEqual({ items: all, hasMore: false });
      expect(await page(`?limit=${total - 1}`)).toEqual({ items: all.slice(1), hasMore: true });
    });
  });

  describe('conversation list', () => {
    it('is most recently active first, with last message, and pages each conversation exactly once', async () => {
      const me = await createUser(client);
      const peers = [await createUser(client), await createUser(client), await createUser(client)];
      const conversations: Conversation[] = [];
      for (const p of peers) conversations.push(await openConversation(client, me, p));
      const last: Message[] = [];
      for (const c of conversations) last.push(await postMessage(client, me, c.id, `latest in ${c.id}`));

      const ids = (items: Conversation[]) => items.map((c) => c.id);
      const list = await client.api<Page<Conversation>>('/api/conversations', { token: me.accessToken });
      expect(list.status, list.text).toBe(200);
      expect(ids(list.body.items)).toEqual(ids([...conversations].reverse()));
      expect(list.body.items[0]).toMatchObject({ lastMessage: last[2], lastSeq: 1 });
      expect(list.body.items[0].members.map((m) => m.id).sort()).toEqual([me.user.id, peers[2].user.id].sort());

      // New activity in the oldest one moves it to the top.
      const bump = await postMessage(client, peers[0], conversations[0].id, 'bump');
      const paged = await listAllConversations(client, me.accessToken, { limit: '1' });
      expect(ids(paged)).toEqual([conversations[0].id, conversations[2].id, conversations[1].id]);
      expect(paged[0]).toMatchObject({ lastMessage: bump, lastSeq: 2 });
    });
  });
});
