import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { User } from '@parley/contract';
import { AuthStore } from '../../auth/auth.store';
import { ParleySocket, SOCKET_FACTORY } from '../connection/socket.service';
import { ConversationsStore } from '../data/conversations.store';
import { aConversation, aUser } from '../testing/chat-factories';
import { ChatShell } from './chat-shell.component';

const alice = aUser('alice');
const bob = aUser('bob');

/** A socket that never connects: the shell's HTTP traffic is what these tests look at. */
const idleSocket = () =>
  ({ connected: false, on: vi.fn(), connect: vi.fn(), disconnect: vi.fn(), removeAllListeners: vi.fn() }) as unknown as ParleySocket;

describe('ChatShell', () => {
  it('gives each login fresh stores: a late answer to the previous session never shows in the next', async () => {
    localStorage.clear();
    const user = signal<User | null>(alice);
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: AuthStore, useValue: { user, isLoggedIn: () => user() !== null, accessToken: () => 'token' } },
        { provide: SOCKET_FACTORY, useValue: idleSocket },
      ],
    });
    const http = TestBed.inject(HttpTestingController);
    const answerStart = async () => {
      await vi.waitFor(() => http.expectOne((r) => r.url === '/api/sync').flush({ messages: [], conversations: [], removedConversationIds: [], cursor: '1', hasMore: false }));
      http.expectOne((r) => r.url === '/api/users').flush({ items: [], nextCursor: null });
    };

    const first = TestBed.createComponent(ChatShell);
    first.detectChanges();
    await answerStart();
    const lateForAlice = await vi.waitFor(() => http.expectOne((r) => r.url === '/api/conversations'));
    const alicesStore = first.debugElement.injector.get(ConversationsStore);
    first.destroy(); // alice logs out while her conversation list is still on its way

    user.set(bob);
    const second = TestBed.createComponent(ChatShell);
    second.detectChanges();
    await answerStart();
    const bobs = await vi.waitFor(() => http.expectOne((r) => r.url === '/api/conversations'));
    bobs.flush({ items: [], nextCursor: null });
    lateForAlice.flush({ items: [aConversation('alice-and-carol', [alice, aUser('carol')])], nextCursor: null });
    await new Promise((resolve) => setTimeout(resolve));

    const store = second.debugElement.injector.get(ConversationsStore);
    expect(store).not.toBe(alicesStore);
    expect(store.items()).toEqual([]);
    second.destroy();
    http.verify();
  });
});
