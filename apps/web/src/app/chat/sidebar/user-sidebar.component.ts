import { CdkVirtualScrollViewport, ScrollingModule } from '@angular/cdk/scrolling';
import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, signal, viewChild } from '@angular/core';
import { Router } from '@angular/router';
import { User } from '@parley/contract';
import { AuthStore } from '../../auth/auth.store';
import { toClientError } from '../../core/api-error';
import { Avatar } from '../../ui/avatar.component';
import { BrandMark } from '../../ui/brand-mark.component';
import { ConversationsStore } from '../data/conversations.store';
import { UsersStore } from '../data/users.store';
import { ChatLayout } from '../shell/chat-layout.service';

export const USER_ROW_HEIGHT = 60;
const SEARCH_DEBOUNCE_MS = 250;

@Component({
  selector: 'app-user-sidebar',
  imports: [ScrollingModule, Avatar, BrandMark],
  templateUrl: './user-sidebar.component.html',
  styleUrl: './user-sidebar.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UserSidebar {
  private readonly auth = inject(AuthStore);
  private readonly router = inject(Router);
  private readonly conversations = inject(ConversationsStore);
  private readonly layout = inject(ChatLayout);
  private readonly viewport = viewChild(CdkVirtualScrollViewport);
  private searchTimer: ReturnType<typeof setTimeout> | undefined;

  readonly users = inject(UsersStore);
  readonly me = this.auth.user;
  readonly rowHeight = USER_ROW_HEIGHT;
  readonly opening = signal<string | null>(null);
  readonly openError = signal<string | null>(null);

  readonly activeUserId = computed(() => {
    const id = this.layout.activeConversationId();
    const conversation = id ? this.conversations.find(id) : undefined;
    return conversation?.members.find((m) => m.id !== this.me()?.id)?.id ?? null;
  });

  constructor() {
    inject(DestroyRef).onDestroy(() => clearTimeout(this.searchTimer));
  }

  /** The last message with this person, or their handle when there is none yet. */
  preview(user: User): string {
    const last = this.conversations.byOtherUser().get(user.id)?.lastMessage;
    if (!last) return `@${user.username}`;
    const firstLine = last.body.split('\n', 1)[0];
    return last.senderId === this.me()?.id ? `You: ${firstLine}` : firstLine;
  }

  onSearch(value: string): void {
    clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => void this.users.search(value), SEARCH_DEBOUNCE_MS);
  }

  onScrolled(): void {
    const viewport = this.viewport();
    if (viewport && viewport.getRenderedRange().end >= this.users.items().length - 5) void this.users.loadMore();
  }

  async open(user: User): Promise<void> {
    // A double-click (or a second person clicked meanwhile) would POST again and race two navigations.
    if (this.opening() !== null) return;
    this.opening.set(user.id);
    this.openError.set(null);
    try {
      const conversation = await this.conversations.openWith(user.id);
      await this.router.navigate(['/chat', conversation.id]);
      this.layout.closeIfOverlay();
    } catch (error) {
      this.openError.set(`Couldn't open the conversation: ${toClientError(error).message}`);
    } finally {
      this.opening.set(null);
    }
  }

  async logout(): Promise<void> {
    await this.auth.logout();
    await this.router.navigate(['/login']);
  }

  trackById = (_index: number, user: User) => user.id;
}
