import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, input, model } from '@angular/core';
import { User } from '@parley/contract';
import { Avatar } from '../../ui/avatar.component';
import { UsersStore } from '../data/users.store';
import { SEARCH_DEBOUNCE_MS } from './new-chat-dialog.component';
import { PresenceDot } from '../presence/presence-dot.component';
import { PresencePriority, PresenceStore, watchPresence } from '../presence/presence.store';

let nextId = 0;

/**
 * Several people picked by search: the picked ones show as chips (each removable), the results as toggle
 * buttons. Its own directory search (a UsersStore of its own), so it never disturbs the "New chat" list.
 */
@Component({
  selector: 'app-people-picker',
  imports: [Avatar, PresenceDot],
  providers: [UsersStore],
  templateUrl: './people-picker.component.html',
  styleUrl: './people-picker.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PeoplePicker {
  readonly users = inject(UsersStore);
  readonly presence = inject(PresenceStore);
  readonly selected = model<User[]>([]);
  /** People who cannot be picked (myself, current members), left out of the results. */
  readonly exclude = input<ReadonlySet<string>>(new Set());
  readonly label = input('Search people');
  readonly fieldId = `people-picker-${nextId++}`;
  private searchTimer: ReturnType<typeof setTimeout> | undefined;

  readonly results = computed(() => this.users.items().filter((u) => !this.exclude().has(u.id)));
  readonly selectedIds = computed(() => new Set(this.selected().map((u) => u.id)));

  constructor() {
    watchPresence(() => this.results().map((u) => u.id), PresencePriority.PeopleList);
    void this.users.search('');
    inject(DestroyRef).onDestroy(() => clearTimeout(this.searchTimer));
  }

  onSearch(value: string): void {
    clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => void this.users.search(value), SEARCH_DEBOUNCE_MS);
  }

  onScroll(el: HTMLElement): void {
    if (el.scrollHeight - el.scrollTop - el.clientHeight < 120) void this.users.loadMore();
  }

  toggle(user: User): void {
    this.selected.update((list) => (list.some((u) => u.id === user.id) ? list.filter((u) => u.id !== user.id) : [...list, user]));
  }

  unpick(user: User): void {
    this.selected.update((list) => list.filter((u) => u.id !== user.id));
  }
}
