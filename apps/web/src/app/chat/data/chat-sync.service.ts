import { inject, Injectable } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { Router } from '@angular/router';
import { AuthStore } from '../../auth/auth.store';
import { SocketService } from '../connection/socket.service';
import { Notifier } from '../notifications/notifier.service';
import { AwayDetector } from '../presence/away-detector.service';
import { PresenceSubscription } from '../presence/presence-subscription.service';
import { TypingStore } from '../typing/typing.store';
import { ConversationsStore } from './conversations.store';
import { MessagesStore } from './messages.store';
import { OutboxStore } from './outbox.store';
import { StreamCatchUp } from './stream-catch-up.service';
import { SyncCursorStore } from './sync-cursor.store';
import { UsersStore } from './users.store';

/**
 * Wires the socket to the stores for the lifetime of the chat shell: live events are merged,
 * and every (re)connect flushes the outbox and syncs from the cursor (see StreamCatchUp).
 * Provided by the shell component with every per-session store (chatSessionProviders), so logging out
 * (leaving the shell) destroys them all and the next login starts from fresh instances: a late answer
 * to the old session can only reach the old, discarded stores.
 */
@Injectable()
export class ChatSync {
  private readonly auth = inject(AuthStore);
  private readonly router = inject(Router);
  private readonly socket = inject(SocketService);
  private readonly users = inject(UsersStore);
  private readonly conversations = inject(ConversationsStore);
  private readonly messages = inject(MessagesStore);
  private readonly outbox = inject(OutboxStore);
  private readonly cursor = inject(SyncCursorStore);
  private readonly catchUp = inject(StreamCatchUp);

  constructor() {
    this.socket.messages$.pipe(takeUntilDestroyed()).subscribe((message) => this.messages.ingest(message));
    this.socket.conversations$.pipe(takeUntilDestroyed()).subscribe((conversation) => {
      this.conversations.upsert(conversation);
      const me = this.auth.user()?.id;
      conversation.members.filter((m) => m.id !== me).forEach((member) => this.users.include(member));
    });
    // A conversation's new state; one that no longer lists me is removed (upsert does that), and an open one closes.
    this.socket.conversationUpdates$.pipe(takeUntilDestroyed()).subscribe((conversation) => this.conversations.upsert(conversation));
    this.socket.readMarkers$.pipe(takeUntilDestroyed()).subscribe((marker) => this.conversations.applyRead(marker));
    // An edited, deleted or reacted-to message: the same merge as every other path (the higher version wins).
    this.socket.messageUpdates$.pipe(takeUntilDestroyed()).subscribe((message) => this.messages.ingest(message));
    this.socket.userUpdates$.pipe(takeUntilDestroyed()).subscribe(({ user }) => this.conversations.applyUser(user));
    // Every connect, the first included: the first sync covers what was stored between taking the
    // cursor and the socket coming up; later ones cover what was missed while away.
    this.socket.connected$.pipe(takeUntilDestroyed()).subscribe(({ reconnect }) => {
      this.messages.flushOutbox();
      void this.catchUp.run();
      // People who signed up while we were away.
      if (reconnect) this.users.refreshShown();
    });
    this.socket.syncNeeded$.pipe(takeUntilDestroyed()).subscribe(() => void this.catchUp.run());
    this.socket.sessionLost$.pipe(takeUntilDestroyed()).subscribe(() => {
      // A logout closes the session's sockets too, and goes to the login page itself.
      if (this.auth.endedByLogout()) return;
      this.auth.clear();
      void this.router.navigate(['/login'], { queryParams: { returnUrl: this.router.url } });
    });
    // Presence, typing and notifications for the whole session; created after the subscriptions above,
    // so a live message reaches the stores before the notifier looks at its conversation.
    inject(PresenceSubscription);
    inject(AwayDetector);
    inject(TypingStore);
    inject(Notifier);
  }

  start(): void {
    const user = this.auth.user();
    if (!user) return;
    this.outbox.load(user.id);
    // The cursor before the conversation list and the histories (they wait for it), so nothing stored in between is missed.
    const cursorReady = this.cursor.begin(user.id);
    void this.users.search('');
    void cursorReady.then(() => this.conversations.load());
    this.socket.connect();
  }
}
