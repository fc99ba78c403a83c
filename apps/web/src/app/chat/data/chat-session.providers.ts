import { Provider } from '@angular/core';
import { AttachmentLinks } from '../attachments/attachment-links.service';
import { UploadsStore } from '../attachments/uploads.store';
import { SocketService } from '../connection/socket.service';
import { MessageActions } from '../messages/message-actions/message-actions.service';
import { Notifier } from '../notifications/notifier.service';
import { AwayDetector } from '../presence/away-detector.service';
import { PresenceSubscription } from '../presence/presence-subscription.service';
import { TypingSender } from '../typing/typing-sender.service';
import { TypingStore } from '../typing/typing.store';
import { ChatSync } from './chat-sync.service';
import { ConversationsStore } from './conversations.store';
import { DraftsStore } from './drafts.store';
import { GroupActions } from './group-actions.service';
import { MessagesStore } from './messages.store';
import { OutboxStore } from './outbox.store';
import { ReadTracker } from './read-tracker.service';
import { StreamCatchUp } from './stream-catch-up.service';
import { SyncCursorStore } from './sync-cursor.store';
import { UsersStore } from './users.store';

/**
 * Everything that holds one login's data, provided by the chat shell: each session gets fresh instances,
 * destroyed (sockets closed, timers cleared) when the shell goes. AuthStore, ChatApi, PeopleStore and PresenceStore (keyed on the logged-in user) stay in root.
 */
export const chatSessionProviders: Provider[] = [
  SocketService,
  ConversationsStore,
  DraftsStore,
  GroupActions,
  MessagesStore,
  OutboxStore,
  UploadsStore,
  AttachmentLinks,
  UsersStore,
  SyncCursorStore,
  StreamCatchUp,
  ReadTracker,
  ChatSync,
  MessageActions,
  PresenceSubscription,
  AwayDetector,
  TypingStore,
  TypingSender,
  Notifier,
];
