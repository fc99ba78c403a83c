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
import { TimelineRow } from '../model/timeline';
import { MessageBody } from './message-body.component';

/** Within this distance of the bottom we follow new messages; further up, the reader is reading history. */
const STICK_THRESHOLD_PX = 80;
/** Start fetching the previous page this far before the top is reached. */
const LOAD_OLDER_THRESHOLD_PX = 400;

@Component({
  selector: 'app-message-list',
  imports: [DatePipe, MessageBody],
  templateUrl: './message-list.component.html',
  styleUrl: './message-list.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MessageList {
  readonly rows = input.required<TimelineRow[]>();
  /** Off in direct conversations, where the other person's name is already in the header. */
  readonly showSenderNames = input(true);
  readonly hasMoreBefore = input(false);
  readonly loadingOlder = input(false);
  readonly loadOlder = output<void>();
  readonly retry = output<string>();

  private readonly scroller = viewChild.required<ElementRef<HTMLElement>>('scroller');
  private stickToBottom = true;
  /** Distance from the bottom to keep while an older page is prepended, so the view does not jump. */
  private anchorFromBottom: number | null = null;
  private lastKey: string | undefined;
  readonly unseen = signal(false);

  constructor() {
    afterRenderEffect(() => {
      const rows = this.rows();
      const loadingOlder = this.loadingOlder();
      const el = this.scroller().nativeElement;
      const last = rows[rows.length - 1];
      const appended = last !== undefined && last.key !== this.lastKey;
      this.lastKey = last?.key;
      if (this.anchorFromBottom !== null) {
        el.scrollTop = el.scrollHeight - this.anchorFromBottom;
        if (!loadingOlder) this.anchorFromBottom = null;
      } else if (this.stickToBottom || (appended && last.kind === 'message' && last.mine)) {
        el.scrollTop = el.scrollHeight;
        this.stickToBottom = true;
      } else if (appended) {
        this.unseen.set(true);
      }
      this.maybeLoadOlder(el);
    });
  }

  onScroll(): void {
    const el = this.scroller().nativeElement;
    this.stickToBottom = el.scrollHeight - el.scrollTop - el.clientHeight < STICK_THRESHOLD_PX;
    if (this.stickToBottom) this.unseen.set(false);
    this.maybeLoadOlder(el);
  }

  scrollToBottom(): void {
    const el = this.scroller().nativeElement;
    el.scrollTo({ top: el.scrollHeight, behavior: 'smooth' });
    this.stickToBottom = true;
    this.unseen.set(false);
  }

  private maybeLoadOlder(el: HTMLElement): void {
    if (!this.hasMoreBefore() || this.loadingOlder() || this.anchorFromBottom !== null) return;
    if (el.scrollTop > LOAD_OLDER_THRESHOLD_PX) return;
    this.anchorFromBottom = el.scrollHeight - el.scrollTop;
    this.loadOlder.emit();
  }
}
