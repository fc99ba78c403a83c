import { DialogRef } from '@angular/cdk/dialog';
import { CdkVirtualScrollViewport, ScrollingModule } from '@angular/cdk/scrolling';
import { ChangeDetectionStrategy, Component, DestroyRef, inject, Injector, signal, viewChild } from '@angular/core';
import { Router } from '@angular/router';
import { User } from '@parley/contract';
import { toClientError } from '../../core/api-error';
import { Avatar } from '../../ui/avatar.component';
import { ConversationsStore } from '../data/conversations.store';
import { UsersStore } from '../data/users.store';
import { ChatLayout, NARROW_QUERY } from '../shell/chat-layout.service';
import { PresenceDot } from '../presence/presence-dot.component';
import { PresencePriority, PresenceStore, watchPresence } from '../presence/presence.store';

export const USER_ROW_HEIGHT = 60;
export const SEARCH_DEBOUNCE_MS = 250;

/** The directory of everyone, with search and paging: picking a person opens (or creates) the direct conversation. */
@Component({
  selector: 'app-new-chat-dialog',
  imports: [ScrollingModule, Avatar, PresenceDot],
  templateUrl: './new-chat-dialog.component.html',
  styleUrl: './people-dialog.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class NewChatDialog {
  private readonly router = inject(Router);
  private readonly conversations = inject(ConversationsStore);
  private readonly layout = inject(ChatLayout);
  private readonly dialogRef = inject(DialogRef, { optional: true });
  private readonly viewport = viewChild(CdkVirtualScrollViewport);
  private searchTimer: ReturnType<typeof setTimeout> | undefined;

  readonly users = inject(UsersStore);
  readonly presence = inject(PresenceStore);
  readonly rowHeight = USER_ROW_HEIGHT;
  readonly opening = signal<string | null>(null);
  readonly openError = signal<string | null>(null);

  constructor() {
    watchPresence(() => this.users.items().map((u) => u.id), PresencePriority.PeopleList);
    // The field starts empty, so the list must too (a search typed last time would otherwise still filter it).
    if (this.users.query() !== '' || this.users.status() === 'error') void this.users.search('');
    inject(DestroyRef).onDestroy(() => clearTimeout(this.searchTimer));
  }

  /** A direct conversation's last message, or the person's handle when there is none yet. */
  sub(user: User): string {
    const last = this.conversations.byOtherUser().get(user.id)?.lastMessage;
    return last && last.kind === 'text' ? last.body.split('\n', 1)[0] : 'No messages yet';
  }

  onSearch(value: string): void {
    clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => void this.users.search(value), SEARCH_DEBOUNCE_MS);
  }

  onScrolled(): void {
    const viewport = this.viewport();
    if (viewport && viewport.getRenderedRange().end >= this.users.items().length - 5) void this.users.loadMore();
  }

  /** Enter in the search box: the first match, after the search for what is typed now (the debounce may not have run). */
  async openFirst(value: string): Promise<void> {
    clearTimeout(this.searchTimer);
    if (this.users.query() !== value.trim() || this.users.status() !== 'ready') await this.users.search(value);
    const first = this.users.items()[0];
    if (first) await this.open(first);
  }

  async open(user: User): Promise<void> {
    // A double-click (or a second person clicked meanwhile) would POST again and race two navigations.
    if (this.opening() !== null) return;
    this.opening.set(user.id);
    this.openError.set(null);
    try {
      const conversation = await this.conversations.openWith(user.id);
      this.dialogRef?.close();
      await this.router.navigate(['/chat', conversation.id]);
      this.layout.closeIfOverlay();
    } catch (error) {
      this.openError.set(`Couldn't open the conversation: ${toClientError(error).message}`);
    } finally {
      this.opening.set(null);
    }
  }

  close(): void {
    this.dialogRef?.close();
  }

  trackById = (_index: number, user: User) => user.id;
}
