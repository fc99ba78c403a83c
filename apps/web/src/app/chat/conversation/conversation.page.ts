import {
  afterRenderEffect,
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  Injector,
  input,
  linkedSignal,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import { Attachment } from '@parley/contract';
import { AuthStore } from '../../auth/auth.store';
import { toClientError } from '../../core/api-error';
import { lastConversation } from '../../core/last-conversation';
import { PageAttention } from '../../core/page-attention';
import { openLightbox } from '../chat-dialogs';
import { UploadsStore } from '../attachments/uploads.store';
import { UploadTraySlot } from '../attachments/attachment-slots';
import { SocketService } from '../connection/socket.service';
import { ConversationsStore, RemovedConversation } from '../data/conversations.store';
import { DraftsStore } from '../data/drafts.store';
import { MessagesStore } from '../data/messages.store';
import { OutboxStore } from '../data/outbox.store';
import { ReadTracker } from '../data/read-tracker.service';
import { Composer, ComposerDraft } from '../messages/composer.component';
import { ComposeContext } from '../messages/message-actions/compose-context.component';
import { ConversationContext } from '../messages/message-actions/conversation-context';
import { MessageActions } from '../messages/message-actions/message-actions.service';
import { MessageList } from '../messages/message-list.component';
import { conversationName } from '../model/conversation-display';
import { dayClock } from '../model/day-clock';
import { readReceipt } from '../model/read-receipt';
import { buildTimeline, MessageRow } from '../model/timeline';
import { ChatLayout } from '../shell/chat-layout.service';
import { PageTitle } from '../shell/page-title.service';
import { ConversationHeader } from './conversation-header.component';
import { PresencePriority, watchPresence } from '../presence/presence.store';
import { TypingIndicator } from '../typing/typing-indicator.component';
import { TypingSender } from '../typing/typing-sender.service';

@Component({
  selector: 'app-conversation-page',
  imports: [Composer, ComposeContext, ConversationHeader, MessageList, RouterLink, TypingIndicator, UploadTraySlot],
  providers: [ConversationContext],
  templateUrl: './conversation.page.html',
  styleUrl: './conversation.page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: {
    '(dragenter)': 'onDrag($event, 1)',
    '(dragover)': 'onDrag($event, 0)',
    '(dragleave)': 'onDrag($event, -1)',
    '(drop)': 'onDrop($event)',
  },
})
export class ConversationPage {
  private readonly auth = inject(AuthStore);
  private readonly router = inject(Router);
  private readonly conversations = inject(ConversationsStore);
  private readonly outbox = inject(OutboxStore);
  private readonly layout = inject(ChatLayout);
  private readonly readTracker = inject(ReadTracker);
  private readonly attention = inject(PageAttention);
  private readonly composer = viewChild(Composer);
  private readonly injector = inject(Injector);
  private readonly now = dayClock();
  /** The conversation whose composer already took focus: once each, so a later re-render never pulls focus back. */
  private composerFocusedFor: string | null = null;
  private wasEditing = false;
  readonly me = this.auth.user;
  readonly messages = inject(MessagesStore);
  readonly drafts = inject(DraftsStore);
  readonly uploads = inject(UploadsStore);
  /** The files waiting to go with this conversation's next message (kept when switching away, like the draft). */
  readonly trayItems = computed(() => this.uploads.of(this.conversationId()));
  readonly trayStatus = computed(() => this.uploads.status(this.conversationId()));
  readonly trayNotice = computed(() => this.uploads.notice(this.conversationId()));
  /** Files are being dragged over the conversation: it says where they will go. */
  readonly dropping = signal(false);
  /** dragenter/dragleave fire for every child crossed: a count tells when the pointer really left. */
  private dragDepth = 0;
  /** Read once per conversation (not on every keystroke, which the composer itself holds). */
  readonly draft = computed<ComposerDraft>(() => {
    const key = this.conversationId();
    return { key, text: untracked(() => this.drafts.get(key)) };
  });
  private readonly socket = inject(SocketService);
  readonly online = computed(() => this.socket.state() === 'connected');
  /** From the route (`/chat/:conversationId`), bound by the router. */
  readonly conversationId = input.required<string>();
  /** v2: `?at=<seq>` opens the conversation at that message (a search result) and highlights it. */
  readonly at = input<string | undefined>(undefined);
  readonly context = inject(ConversationContext);
  private readonly actions = inject(MessageActions);
  private readonly typing = inject(TypingSender);
  /** Read through from the store (load() only makes sure it is there), so a title or member change shows at once. */
  readonly conversation = computed(() => this.conversations.find(this.conversationId()) ?? null);
  readonly loadError = signal<string | null>(null);
  /** 404/400 (or not a member): trying again cannot help, so the page offers the way back instead. */
  readonly missing = signal(false);
  readonly timeline = computed(() => this.messages.timelines()[this.conversationId()]);
  readonly heading = computed(() => {
    const conversation = this.conversation();
    return conversation ? conversationName(conversation, this.me()?.id) : 'Conversation';
  });
  /**
   * My read marker as it was when this conversation opened (null when nothing was unread): the "New messages"
   * divider stays where it was while the marker moves on.
   */
  /** Changes only when another conversation opens or this one first arrives, not on every update of it. */
  private readonly opened = computed(() => `${this.conversationId()}:${this.conversation() !== null}`);
  readonly unreadAfter = linkedSignal({
    source: this.opened,
    computation: () =>
      untracked(() => {
        const id = this.conversationId();
        const conversation = this.conversations.find(id);
        return conversation && conversation.unreadCount > 0 ? this.conversations.myLastReadSeq(id) : null;
      }),
  });
  /** The highest seq the message list has on screen. */
  readonly visibleSeq = signal(0);
  readonly rows = computed(() => {
    const me = this.me();
    const timeline = this.timeline();
    if (!me || !timeline) return [];
    const pending = this.outbox.all().filter((p) => p.conversationId === this.conversationId());
    return buildTimeline(timeline.messages, pending, me, this.conversation()?.members ?? [], this.now(), {
      people: this.conversations.people(),
      unreadAfter: this.unreadAfter(),
    });
  });
  readonly receipt = computed(() => {
    const me = this.me();
    return me ? readReceipt(this.rows(), this.conversation(), me) : null;
  });

  constructor() {
    const pageTitle = inject(PageTitle);
    // The open conversation's members come first in the presence subscription (header, members dialog).
    watchPresence(() => this.conversation()?.members.map((m) => m.id) ?? [], PresencePriority.OpenConversation);
    // Leaving a conversation (another one, or the page) stops my "typing" there.
    effect((onCleanup) => {
      const id = this.conversationId();
      onCleanup(() => this.typing.stop(id));
    });
    effect(() => {
      const id = this.conversationId();
      const at = Number(this.at());
      untracked(() => {
        if (this.context.conversationId() !== id) this.context.reset(id);
        void this.load(id, Number.isInteger(at) && at > 0 ? at : null);
      });
    });
    // Reply or Edit chosen on a message: the composer takes focus (and, for an edit, the text).
    effect(() => {
      if (this.context.focusComposer() === 0) return;
      const editing = this.context.editing();
      untracked(() => {
        const composer = this.composer();
        // An edit's text goes when the edit does (Reply chosen meanwhile, sent, cancelled).
        if (editing) composer?.setText(editing.body);
        else if (this.wasEditing) composer?.setText('');
        this.wasEditing = !!editing;
        composer?.focus();
      });
    });
    effect(() => pageTitle.base.set(`${this.heading()} · Parley`));
    // Marks read only what is on screen, and only while someone is looking (ReadTracker coalesces).
    effect(() => {
      const seq = this.visibleSeq();
      if (seq > 0 && this.attention.attentive()) untracked(() => this.readTracker.seen(this.conversationId(), seq));
    });
    // Left, or removed by someone else (live or found by sync): the conversation closes.
    effect(() => {
      const id = this.conversationId();
      const reason = this.conversations.removed().get(id);
      if (reason) untracked(() => this.close(reason));
    });
    // After render: the composer exists only once the messages are ready, which on a first load is long after load() began.
    // On a phone only when there is nothing to read yet (a new conversation): focusing the field raises the
    // keyboard over the messages.
    afterRenderEffect(() => {
      const id = this.conversationId();
      const composer = this.composer();
      const timeline = this.timeline();
      if (!composer || timeline?.status !== 'ready' || this.composerFocusedFor === id) return;
      if (this.layout.narrow() && timeline.messages.length > 0) return;
      this.composerFocusedFor = id;
      composer.focus();
    });
  }

  /** Every edit of the composer: the draft is kept, and the others see me typing (not while I edit a sent message). */
  onTextChange(text: string): void {
    const id = this.conversationId();
    this.drafts.set(id, text);
    if (this.context.editing()) this.typing.stop(id);
    else this.typing.input(id, text);
  }

  send(body: string): void {
    this.typing.stop(this.conversationId());
    const editing = this.context.editing();
    const replyingTo = this.context.replyingTo();
    this.context.cancel();
    if (editing?.id) {
      if (body !== editing.body) void this.run('edit the message', () => this.actions.edit(this.conversationId(), editing.id!, body));
      return;
    }
    const attachments = this.uploads.take(this.conversationId());
    if (!body && attachments.length === 0) return;
    this.messages.send(this.conversationId(), body, replyingTo?.id ?? undefined, attachments);
  }

  /** A thumbnail was clicked: the lightbox, over every image the conversation shows, at this one. */
  openImage(id: string): void {
    const images = this.rows().flatMap((row) => (row.kind === 'message' ? row.attachments.filter((a) => a.kind === 'image') : ([] as Attachment[])));
    const index = images.findIndex((image) => image.id === id);
    if (index >= 0) void openLightbox(this.injector, { images, index });
  }

  /** Its button goes with it: focus returns to the field rather than falling to the page. */
  removeUpload(localId: string): void {
    this.uploads.remove(localId);
    this.composer()?.focus();
  }

  attach(files: File[]): void {
    this.uploads.add(this.conversationId(), files);
  }

  onDrag(event: DragEvent, step: -1 | 0 | 1): void {
    if (!carriesFiles(event) || !this.canAttach()) return;
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    this.dragDepth = Math.max(0, this.dragDepth + step);
    this.dropping.set(step === 0 || this.dragDepth > 0);
  }

  onDrop(event: DragEvent): void {
    this.dragDepth = 0;
    this.dropping.set(false);
    if (!carriesFiles(event) || !this.canAttach()) return;
    event.preventDefault();
    const files = Array.from(event.dataTransfer?.files ?? []);
    if (files.length) this.attach(files);
    this.composer()?.focus();
  }

  /** Only where there is a composer to send them from. */
  private canAttach(): boolean {
    return !this.loadError() && this.timeline()?.status === 'ready';
  }

  /** Up arrow in an empty composer: my newest message that can still be edited. */
  editLast(): void {
    const rows = this.rows();
    for (let i = rows.length - 1; i >= 0; i--) {
      const row = rows[i];
      if (row.kind === 'message' && row.mine && row.id && !row.deleted) return this.context.edit(row);
    }
  }

  /** Escape in the composer: the reply or edit stops (an edit's text goes with it). */
  cancelCompose(): void {
    if (this.context.editing()) this.composer()?.setText('');
    this.context.cancel();
    this.composer()?.focus();
  }

  /** "Jump to latest" from a window around an older message: the newest page, and no old highlight to come back to. */
  showLatest(): void {
    this.context.highlight.set(null);
    void this.messages.showLatest(this.conversationId());
  }

  react(row: MessageRow, emoji: string): void {
    if (row.id) void this.run('react', () => this.actions.toggleReaction(this.conversationId(), row.id!, row.reactions, emoji));
  }

  private async run(what: string, action: () => Promise<void>): Promise<void> {
    this.context.error.set(null);
    try {
      await action();
    } catch (error) {
      this.context.error.set(`Couldn't ${what}: ${toClientError(error).message}`);
    }
  }

  retryLoad(): void {
    void this.load(this.conversationId());
  }

  private async load(id: string, at: number | null = null): Promise<void> {
    this.layout.activeConversationId.set(id);
    this.layout.notice.set(null);
    this.visibleSeq.set(0);
    this.loadError.set(null);
    this.missing.set(false);
    try {
      await this.conversations.ensure(id);
      if (id !== this.conversationId()) return;
      const me = this.me();
      if (me) lastConversation.set(me.id, id);
      if (at === null) return await this.messages.open(id);
      await this.context.jumpTo(at);
      // Handled: the address loses `at`, so the same result can be opened again and a reload shows the newest.
      void this.router.navigate([], { queryParams: { at: null }, queryParamsHandling: 'merge', replaceUrl: true });
    } catch (error) {
      if (id !== this.conversationId()) return;
      const failure = toClientError(error);
      const missing = failure.status === 404 || failure.status === 400 || failure.status === 403;
      this.missing.set(missing);
      this.loadError.set(missing ? 'This conversation doesn’t exist or you’re not in it.' : failure.message);
      const me = this.me();
      if (missing && me && lastConversation.get(me.id) === id) lastConversation.set(me.id, null);
    }
  }

  private close(reason: RemovedConversation): void {
    this.layout.notice.set(reason.left ? `You left “${reason.name}”.` : `You are no longer a member of “${reason.name}”.`);
    void this.router.navigate(['/chat']);
  }
}

const carriesFiles = (event: DragEvent) => !!event.dataTransfer?.types.includes('Files');
