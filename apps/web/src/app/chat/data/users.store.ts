import { inject, Injectable, signal } from '@angular/core';
import { Limits, User } from '@parley/contract';
import { toClientError } from '../../core/api-error';
import { ChatApi } from './chat-api';
import { PeopleStore } from './people.store';

/** The sidebar's people directory: a search query and the pages loaded for it so far. */
@Injectable()
export class UsersStore {
  private readonly api = inject(ChatApi);
  private readonly people = inject(PeopleStore);
  /** Bumped on every new search so late answers to an older query are dropped. */
  private generation = 0;

  readonly query = signal('');
  readonly items = signal<User[]>([]);
  readonly nextCursor = signal<string | null>(null);
  readonly status = signal<'idle' | 'loading' | 'ready' | 'error'>('idle');
  readonly loadingMore = signal(false);
  readonly error = signal<string | null>(null);

  async search(query: string): Promise<void> {
    const q = query.trim().slice(0, Limits.searchQueryMax);
    const generation = ++this.generation;
    this.query.set(q);
    this.status.set('loading');
    this.loadingMore.set(false);
    try {
      const page = await this.api.listUsers({ q, limit: Limits.usersPageDefault });
      this.people.remember(page.items);
      if (generation !== this.generation) return;
      this.items.set(page.items);
      this.nextCursor.set(page.nextCursor ?? null);
      this.status.set('ready');
      this.error.set(null);
    } catch (error) {
      if (generation !== this.generation) return;
      this.status.set('error');
      this.error.set(toClientError(error).message);
    }
  }

  async loadMore(): Promise<void> {
    const cursor = this.nextCursor();
    if (!cursor || this.loadingMore() || this.status() !== 'ready') return;
    const generation = this.generation;
    this.loadingMore.set(true);
    try {
      const page = await this.api.listUsers({ q: this.query(), cursor, limit: Limits.usersPageDefault });
      this.people.remember(page.items);
      if (generation !== this.generation) return;
      const known = new Set(this.items().map((u) => u.id));
      this.items.update((items) => [...items, ...page.items.filter((u) => !known.has(u.id))]);
      this.nextCursor.set(page.nextCursor ?? null);
    } catch {
      // Keep what is shown; scrolling again retries.
    } finally {
      if (generation === this.generation) this.loadingMore.set(false);
    }
  }

  /** Adds someone learnt about live (they opened a chat with us) to the unfiltered list, in username order. */
  include(user: User): void {
    if (this.query() || this.items().some((u) => u.id === user.id)) return;
    this.items.update((items) => [...items, user].sort((a, b) => a.username.localeCompare(b.username)));
  }

  /** Re-runs the current search: the sidebar's "Try again" after a failed one. */
  refresh(): Promise<void> {
    return this.search(this.query());
  }
}
