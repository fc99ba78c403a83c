import { CdkContextMenuTrigger } from '@angular/cdk/menu';
import { DatePipe } from '@angular/common';
import {
  afterNextRender,
  afterRenderEffect,
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  computed,
  ElementRef,
  inject,
  input,
  output,
  signal,
  viewChild,
} from '@angular/core';
import { Attachment } from '@parley/contract';
import { MessageAttachmentsSlot } from '../attachments/attachment-slots';
import { imageBox } from '../attachments/image-box';
import { ReadReceipt } from '../model/read-receipt';
import { MessageRow, TimelineRow } from '../model/timeline';
import { MessageBody } from './message-body.component';
import { Highlight } from './message-actions/conversation-context';
import { LongPress } from './message-actions/long-press.directive';
import { MessageActionBar } from './message-actions/message-action-bar.component';
import { ReactionChips } from './message-actions/reaction-chips.component';
import { ReplyQuoteView } from './message-actions/reply-quote.component';
import { lastVisibleSeq } from './visible-seq';

/** Within this distance of the bottom we follow new messages; further up, the reader is reading history. */
const STICK_THRESHOLD_PX = 80;
/** Start fetching the previous page this far before the top is reached. */
const LOAD_OLDER_THRESHOLD_PX = 400;
/** Longer than this, an own bubble takes the softer tint. */
const LONG_BODY_CHARS = 280;
/** A file card's size (see message-attachments.component.scss). */
const FILE_CARD = { width: 320, height: 58 };
/** Room left above the "New messages" divider when a conversation opens at it. */
const DIVIDER_MARGIN_PX = 24;

@Component({
  selector: 'app-message-list',
  imports: [DatePipe, MessageAttachmentsSlot, MessageBody, CdkContextMenuTrigger, LongPress, MessageActionBar, ReactionChips, ReplyQuoteView],
  templateUrl: './message-list.component.html',
  styleUrls: ['./message-list.component.scss', './message-actions/message-row-actions.scss'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MessageList {
  readonly rows = input.required<TimelineRow[]>();
  /** Which conversation the rows belong to: a new one starts at its first unread message, or at the bottom. */
  readonly conversationId = input<string>('');
  /** Off in direct conversations, where the other person's name is already in the header. */
  readonly showSenderNames = input(true);
  readonly hasMoreBefore = input(false);
  readonly loadingOlder = input(false);
  /** "Seen" / "Seen by 2" under one of my messages. */
  readonly receipt = input<ReadReceipt | null>(null);
  readonly loadOlder = output<void>();
  /** Whether the socket is connected: a message sent offline says it is waiting, not "Sending…". */
  readonly online = input(true);
  readonly retry = output<string>();
  /** A failed message the sender gave up on: it leaves the outbox and the list. */
  readonly discard = output<string>();
  /** The highest seq on screen, whenever it changes (scrolling, new rows): what the reader has seen. */
  readonly visibleSeq = output<number>();
  /** v2: the rows are a window around an older message; newer pages load when the bottom is near. */
  readonly hasMoreAfter = input(false);
  /** v2: a message to bring into view and flash (a reply's original, a search result). */
  readonly highlight = input<Highlight | null>(null);
  readonly loadNewer = output<void>();
  /** "Jump to latest" from a window: the newest page must be loaded first. */
  readonly latest = output<void>();
  /** A reply quote was clicked: show its original. */
  readonly jumpTo = output<number>();
  /** A reaction chip was clicked. */
  readonly react = output<{ row: MessageRow; emoji: string }>();
  /** v2: an image was clicked: its attachment id, for the lightbox. */
  readonly openImage = output<string>();
  private highlighted = 0;
  /** The message whose actions Tab reaches (the one last focused, else the newest); Up/Down move it. */
  readonly current = signal<string | null>(null);
  readonly currentKey = computed(() => {
    const rows = this.rows();
    const chosen = this.current();
    if (chosen && rows.some((r) => r.key === chosen)) return chosen;
    for (let i = rows.length - 1; i >= 0; i--) if (rows[i].kind === 'message' && (rows[i] as MessageRow).id) return rows[i].key;
    return null;
  });

  private readonly scroller = viewChild.required<ElementRef<HTMLElement>>('scroller');
  private stickToBottom = true;
  /** Distance from the bottom to keep while an older page is prepended, so the view does not jump. */
  private anchorFromBottom: number | null = null;
  private lastKey: string | undefined;
  private positionedFor: string | null = null;
  private lastVisible = 0;
  /** The log's height when last seen: a change is a resize (keyboard, banner, composer), not the reader scrolling. */
  private measuredHeight = 0;
  readonly longBody = LONG_BODY_CHARS;
  readonly unseen = signal(false);
  readonly scrolledUp = signal(false);
  /** The message whose full date is shown (focused time, or a tapped bubble). */
  readonly revealed = signal<string | null>(null);

  constructor() {
    // The log gets shorter without new rows: the phone keyboard, the offline banner, a growing composer.
    // Whoever was at the bottom stays there instead of having the newest messages hidden.
    const destroyRef = inject(DestroyRef);
    afterNextRender(() => {
      if (typeof ResizeObserver === 'undefined') return;
      const el = this.scroller().nativeElement;
      const observer = new ResizeObserver(() => this.keepBottomOnResize(el));
      observer.observe(el);
      destroyRef.onDestroy(() => observer.disconnect());
    });
    afterRenderEffect(() => {
      const rows = this.rows();
      const loadingOlder = this.loadingOlder();
      const conversationId = this.conversationId();
      const el = this.scroller().nativeElement;
      const last = rows[rows.length - 1];
      const appended = last !== undefined && last.key !== this.lastKey;
      this.lastKey = last?.key;
      if (this.positionedFor !== conversationId) {
        this.positionedFor = conversationId;
        this.anchorFromBottom = null;
        this.lastVisible = 0;
        this.openAtFirstUnread(el);
        // Where it opens is deliberate (maybe the divider, not the bottom): not a resize to undo.
        this.measuredHeight = el.clientHeight;
      } else if (this.anchorFromBottom !== null) {
        el.scrollTop = el.scrollHeight - this.anchorFromBottom;
        if (!loadingOlder) this.anchorFromBottom = null;
      } else if ((this.stickToBottom && !this.hasMoreAfter()) || (appended && last.kind === 'message' && last.mine && !this.hasMoreAfter())) {
        el.scrollTop = el.scrollHeight;
        this.stickToBottom = true;
      } else if (appended) {
        this.unseen.set(true);
      }
      this.noteScroll(el);
      this.maybeLoadOlder(el);
      this.maybeLoadNewer(el);
    });
    // After the positioning above: the highlighted message, once it is rendered.
    afterRenderEffect(() => {
      const target = this.highlight();
      this.rows();
      if (target && target.n !== this.highlighted) this.showHighlight(target);
    });
  }

  /** The room a message's files take while their view's code loads (see MessageAttachmentsSlot): nothing moves when it arrives. */
  boxOf(attachment: Attachment): { width: number; height: number } {
    return attachment.kind === 'image' ? imageBox(attachment) : FILE_CARD;
  }

  onScroll(): void {
    const el = this.scroller().nativeElement;
    this.noteScroll(el);
    this.maybeLoadOlder(el);
    this.maybeLoadNewer(el);
  }

  /** Up/Down on a message (or its buttons) focuses the previous/next one; the scroller keeps arrow scrolling elsewhere. */
  moveBetweenMessages(event: KeyboardEvent): void {
    if ((event.key !== 'ArrowUp' && event.key !== 'ArrowDown') || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const from = (event.target as HTMLElement).closest<HTMLElement>('.msg');
    if (!from) return;
    const all = Array.from(this.scroller().nativeElement.querySelectorAll<HTMLElement>('.msg[tabindex]'));
    const next = all[all.indexOf(from) + (event.key === 'ArrowUp' ? -1 : 1)];
    if (!next) return;
    event.preventDefault();
    next.focus();
  }

  reveal(key: string): void {
    // Selecting text in a bubble is not a tap.
    if (typeof getSelection === 'function' && getSelection()?.toString()) return;
    this.revealed.update((current) => (current === key ? null : key));
  }

  scrollToBottom(): void {
    if (this.hasMoreAfter()) {
      this.latest.emit();
      return;
    }
    const el = this.scroller().nativeElement;
    el.scrollTo({ top: el.scrollHeight, behavior: 'smooth' });
    this.stickToBottom = true;
    this.unseen.set(false);
    this.scrolledUp.set(false);
  }

  /** The divider at the top of the view when it is further up than one screen; otherwise the newest messages. */
  private openAtFirstUnread(el: HTMLElement): void {
    const divider = el.querySelector<HTMLElement>('[data-unread-divider]');
    const top = divider ? divider.offsetTop - DIVIDER_MARGIN_PX : el.scrollHeight;
    el.scrollTop = Math.min(top, el.scrollHeight);
  }

  /** Whoever was at the bottom before the log changed height is put back there, whichever event saw it first. */
  private keepBottomOnResize(el: HTMLElement): void {
    const resized = this.measuredHeight > 0 && el.clientHeight !== this.measuredHeight;
    if (resized && this.stickToBottom && this.anchorFromBottom === null) el.scrollTop = el.scrollHeight;
    this.measuredHeight = el.clientHeight;
  }

  private noteScroll(el: HTMLElement): void {
    this.keepBottomOnResize(el);
    this.stickToBottom = el.scrollHeight - el.scrollTop - el.clientHeight < STICK_THRESHOLD_PX;
    this.scrolledUp.set(!this.stickToBottom);
    if (this.stickToBottom) this.unseen.set(false);
    const seq = lastVisibleSeq(el);
    if (seq > this.lastVisible) {
      this.lastVisible = seq;
      this.visibleSeq.emit(seq);
    }
  }

  private maybeLoadNewer(el: HTMLElement): void {
    if (!this.hasMoreAfter() || el.scrollHeight - el.scrollTop - el.clientHeight > LOAD_OLDER_THRESHOLD_PX) return;
    this.loadNewer.emit();
  }

  /** Centres the message and flashes it; focus goes to it, so the keyboard and screen readers land there too. */
  private showHighlight(target: Highlight): void {
    const el = this.scroller().nativeElement.querySelector<HTMLElement>(`[data-seq="${target.seq}"]`);
    if (!el) return;
    this.highlighted = target.n;
    this.stickToBottom = false;
    el.scrollIntoView({ block: 'center' });
    el.classList.remove('flash');
    void el.offsetWidth; // restart the animation when the same message is asked for again
    el.classList.add('flash');
    el.focus({ preventScroll: true });
  }

  private maybeLoadOlder(el: HTMLElement): void {
    if (!this.hasMoreBefore() || this.loadingOlder() || this.anchorFromBottom !== null) return;
    if (el.scrollTop > LOAD_OLDER_THRESHOLD_PX) return;
    this.anchorFromBottom = el.scrollHeight - el.scrollTop;
    this.loadOlder.emit();
  }
}
