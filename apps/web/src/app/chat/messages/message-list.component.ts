import { DatePipe } from '@angular/common';
import {
  afterRenderEffect,
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  input,
  output,
  signal,
  viewChild,
} from '@angular/core';
import { ReadReceipt } from '../model/read-receipt';
import { TimelineRow } from '../model/timeline';
import { MessageBody } from './message-body.component';
import { lastVisibleSeq } from './visible-seq';

/** Within this distance of the bottom we follow new messages; further up, the reader is reading history. */
const STICK_THRESHOLD_PX = 80;
/** Start fetching the previous page this far before the top is reached. */
const LOAD_OLDER_THRESHOLD_PX = 400;
/** Room left above the "New messages" divider when a conversation opens at it. */
const DIVIDER_MARGIN_PX = 24;

@Component({
  selector: 'app-message-list',
  imports: [DatePipe, MessageBody],
  templateUrl: './message-list.component.html',
  styleUrl: './message-list.component.scss',
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
  readonly retry = output<string>();
  /** The highest seq on screen, whenever it changes (scrolling, new rows): what the reader has seen. */
  readonly visibleSeq = output<number>();

  private readonly scroller = viewChild.required<ElementRef<HTMLElement>>('scroller');
  private stickToBottom = true;
  /** Distance from the bottom to keep while an older page is prepended, so the view does not jump. */
  private anchorFromBottom: number | null = null;
  private lastKey: string | undefined;
  private positionedFor: string | null = null;
  private lastVisible = 0;
  readonly unseen = signal(false);
  readonly scrolledUp = signal(false);

  constructor() {
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
      } else if (this.anchorFromBottom !== null) {
        el.scrollTop = el.scrollHeight - this.anchorFromBottom;
        if (!loadingOlder) this.anchorFromBottom = null;
      } else if (this.stickToBottom || (appended && last.kind === 'message' && last.mine)) {
        el.scrollTop = el.scrollHeight;
        this.stickToBottom = true;
      } else if (appended) {
        this.unseen.set(true);
      }
      this.noteScroll(el);
      this.maybeLoadOlder(el);
    });
  }

  onScroll(): void {
    const el = this.scroller().nativeElement;
    this.noteScroll(el);
    this.maybeLoadOlder(el);
  }

  scrollToBottom(): void {
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

  private noteScroll(el: HTMLElement): void {
    this.stickToBottom = el.scrollHeight - el.scrollTop - el.clientHeight < STICK_THRESHOLD_PX;
    this.scrolledUp.set(!this.stickToBottom);
    if (this.stickToBottom) this.unseen.set(false);
    const seq = lastVisibleSeq(el);
    if (seq > this.lastVisible) {
      this.lastVisible = seq;
      this.visibleSeq.emit(seq);
    }
  }

  private maybeLoadOlder(el: HTMLElement): void {
    if (!this.hasMoreBefore() || this.loadingOlder() || this.anchorFromBottom !== null) return;
    if (el.scrollTop > LOAD_OLDER_THRESHOLD_PX) return;
    this.anchorFromBottom = el.scrollHeight - el.scrollTop;
    this.loadOlder.emit();
  }
}
