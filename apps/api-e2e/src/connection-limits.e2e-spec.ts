import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io, Manager } from 'socket.io-client';
import { SOCKET_UNAUTHORIZED, SocketCloseReason } from '@parley/contract';
import { expectHealthy } from './support/expectations';
import { createUser, newClientMessageId, openConversation, type TestUser } from './support/factories';
import { ApiClient } from './support/http';
import { startServer, type TestServer } from './support/server';
import { closeAllSockets, connectSocket, emitRaw, expectClosedBy, expectConnectError, sendMessage } from './support/socket';

const ALLOWED = 'https://chat.example.com';

/** Resolves 'connected' or the error, for a socket sending the given Origin header (undefined: none). */
function tryOrigin(url: string, token: string, origin: string | undefined): Promise<string> {
  const socket = io(url, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    auth: { token },
    ...(origin ? { extraHeaders: { origin } } : {}),
  });
  return new Promise((resolve) => {
    socket.once('connect', () => {
      socket.close();
      resolve('connected');
    });
    socket.once('connect_error', (error) => {
      socket.close();
      resolve(`refused: ${error.message}`);
    });
  });
}

/** An Engine.IO connection that never sends the Socket.IO handshake. */
function openBareConnection(url: string): Promise<{ manager: Manager; closed: Promise<number> }> {
  const manager = new Manager(url, { transports: ['websocket'], reconnection: false, autoConnect: false, forceNew: true });
  return new Promise((resolve, reject) => {
    manager.open((error) => {
      if (error) return reject(error);
      const opened = Date.now();
      resolve({ manager, closed: new Promise((r) => manager.once('close', () => r(Date.now() - opened))) });
    });
  });
}

describe('connection limits', () => {
  let server: TestServer;
  let alice: TestUser;

  beforeAll(async () => {
    server = await startServer({
      database: 'sqlite',
      env: {
        MAX_SOCKETS_PER_USER: '3',
        MAX_PENDING_CONNECTIONS_PER_IP: '3',
        HANDSHAKE_TIMEOUT_MS: '1500',
        CORS_ORIGINS: ALLOWED,
        SOCKET_EVENT_BURST: '100',
        SOCKET_EVENTS_PER_SECOND: '10',
      },
    });
    alice = await createUser(new ApiClient(server));
  });
  afterAll(async () => {
    closeAllSockets();
    await server?.dispose();
  });

  it('Origin: the same origin, CORS_ORIGINS and no Origin at all connect; a foreign page does not', async () => {
    const host = new URL(server.url).host;
    expect(await tryOrigin(server.url, alice.accessToken, `http://${host}`)).toBe('connected');
    expect(await tryOrigin(server.url, alice.accessToken, ALLOWED)).toBe('connected');
    expect(await tryOrigin(server.url, alice.accessToken, undefined)).toBe('connected');
    for (const foreign of ['https://evil.example', 'null', `http://${host}.evil.example`, 'https://chat.example.com.evil.example']) {
      expect(await tryOrigin(server.url, alice.accessToken, foreign), foreign).toMatch(/^refused/);
    }
  });

  it('a connection that has not completed its handshake is closed after HANDSHAKE_TIMEOUT_MS; at most 3 such per address', async () => {
    const bare = await Promise.all([openBareConnection(server.url), openBareConnection(server.url), openBareConnection(server.url)]);
    await expect(openBareConnection(server.url)).rejects.toBeDefined();
    // An authenticated socket is not held up by the pending ones once they are gone, and does not count itself.
    const lifetimes = await Promise.all(bare.map((b) => b.closed));
    for (const ms of lifetimes) {
      expect(ms).toBeGreaterThanOrEqual(1_000);
      expect(ms).toBeLessThan(4_000);
    }
    const again = await openBareConnection(server.url);
    again.manager.engine.close();
    const socket = await connectSocket(server.url, alice.accessToken);
    expect(socket.connected).toBe(true);
    socket.close();
  });

  it('a refused handshake (bad token) counts as pending until the connection goes', async () => {
    expect((await expectConnectError(server.url, { token: 'nope' })).message).toBe(SOCKET_UNAUTHORIZED);
    await expectHealthy(server);
  });

  it('MAX_SOCKETS_PER_USER=3: a fourth socket closes the oldest with too_many_sockets; the rest stay', async () => {
    const bob = await createUser(new ApiClient(server));
    const sockets = [];
    for (let i = 0; i < 3; i++) {
      sockets.push(await connectSocket(server.url, bob.accessToken));
      await new Promise((r) => setTimeout(r, 10));
    }
    const fourth = await connectSocket(server.url, bob.accessToken);
    await expectClosedBy(sockets[0], SocketCloseReason.TooManySockets);
    for (const socket of [sockets[1], sockets[2], fourth]) expect(socket.connected).toBe(true);
  });

  it('a socket flooding events of any name is not read from for a while; the account\'s other socket is unaffected', async () => {
    const carol = await createUser(new ApiClient(server));
    const conversationId = (await openConversation(new ApiClient(server), carol, alice)).id;
    const flooding = await connectSocket(server.url, carol.accessToken);
    const other = await connectSocket(server.url, carol.accessToken);
    for (let i = 0; i < 2_000; i++) emitRaw(flooding, 'no:such:event', [{ i }], false);
    const late = sendMessage(flooding, { conversationId, body: 'after my flood', clientMessageId: newClientMessageId() }, 600).then(
      () => 'answered',
      () => 'not answered',
    );
    const ack = await sendMessage(other, { conversationId, body: 'from my other tab', clientMessageId: newClientMessageId() });
    expect(ack.ok, JSON.stringify(ack)).toBe(true);
    expect(await late).toBe('not answered');
    await expectHealthy(server);
  });
});
