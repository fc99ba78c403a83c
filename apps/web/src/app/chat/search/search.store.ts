import { inject, Injectable, signal } from '@angular/core';
import { Limits, SearchHit } from '@parley/contract';
import { toClientError } from '../../core/api-error';
import { ChatApi } from '../data/chat-api';

/** Typing pauses this long before a search goes out. */
export const SEARCH_DEBOUNCE_MS = 200;

/**
 * Message search: the query, the pages of hits loaded for it, and whether more exist. The server may
 * answer a page with fewer hits than asked (even none) and a cursor to go on from, so "more" follows
 * the cursor, not the count. Late answers to an older query are dropped.
 */
@Injectable()
export class SearchStore {
  private readonly api = inject(ChatApi);
  private generation = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** What the results shown are for: "more" continues that search, whatever is typed meanwhile. */
  private searched = '';

  readonly query = signal('');
  readonly items = signal<SearchHit[]>([]);
  readonly nextCursor = signal<string | null>(null);
  readonly status = signal<'idle' | 'loading' | 'ready' | 'error'>('idle');
  readonly loadingMore = signal(false);
  readonly error = signal<string | null>(null);

  /** Debounced: the search runs once typing pauses. */
  type(query: string): void {
    this.query.set(query);
    clearTimeout(this.timer);
    const q = query.trim();
    if (!q) {
      this.generation++;
      this.items.set([]);
      this.nextCursor.set(null);
      this.status.set('idle');
      return;
    }
    this.status.set('loading');
    this.timer = setTimeout(() => void this.search(q), SEARCH_DEBOUNCE_MS);
  }

  async search(q: string): Promise<void> {
    const generation = ++this.generation;
    const text = q.trim().slice(0, Limits.searchTextMax);
    this.status.set('loading');
    this.loadingMore.set(false);
    try {
      const page = await this.api.search({ q: text, limit: Limits.searchPageDefault });
      if (generation !== this.generation) return;
      this.searched = text;
      this.items.set(page.items);
      this.nextCursor.set(page.nextCursor);
      this.status.set('ready');
      this.error.set(null);
    } catch (error) {
      if (generation !== this.generation) return;
      this.status.set('error');
      this.error.set(toClientError(error).message);
    }
  }

  async loadMore(): Promise<void> {
    const before = this.nextCursor();
    if (!before || this.loadingMore() || this.status() !== 'ready') return;
    const generation = this.generation;
    this.loadingMore.set(true);
    try {
      const page = await this.api.search({ q: this.searched, before, limit: Limits.searchPageDefault });
      if (generation !== this.generation) return;
      const known = new Set(this.items().map((h) => h.message.id));
      this.items.update((items) => [...items, ...page.items.filter((h) => !known.has(h.message.id))]);
      this.nextCursor.set(page.nextCursor);
    } catch (error) {
      if (generation === this.generation) this.error.set(toClientError(error).message);
    } finally {
      if (generation === this.generation) this.loadingMore.set(false);
    }
  }

  clear(): void {
    clearTimeout(this.timer);
  }
}
