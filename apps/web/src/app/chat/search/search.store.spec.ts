import { TestBed } from '@angular/core/testing';
import { SearchHit, SearchResponse } from '@parley/contract';
import { ChatApi } from '../data/chat-api';
import { aMessage } from '../testing/chat-factories';
import { SEARCH_DEBOUNCE_MS, SearchStore } from './search.store';

const aHit = (seq: number): SearchHit => ({ message: aMessage(seq), conversationId: 'c1', snippet: `<mark>b${seq}</mark>` });
const answer = (items: SearchHit[], nextCursor: string | null = null): SearchResponse => ({ items, nextCursor });

function setup() {
  const api = { search: vi.fn<(query: object) => Promise<SearchResponse>>() };
  TestBed.configureTestingModule({ providers: [{ provide: ChatApi, useValue: api }, SearchStore] });
  return { api, store: TestBed.inject(SearchStore) };
}

describe('SearchStore', () => {
  afterEach(() => vi.useRealTimers());

  it('searches once typing pauses, not on every key', async () => {
    vi.useFakeTimers();
    const { api, store } = setup();
    api.search.mockResolvedValue(answer([aHit(1)]));
    store.type('p');
    store.type('pa');
    store.type('par');
    expect(store.status()).toBe('loading');
    await vi.advanceTimersByTimeAsync(SEARCH_DEBOUNCE_MS);
    expect(api.search).toHaveBeenCalledTimes(1);
    expect(api.search).toHaveBeenCalledWith({ q: 'par', limit: 20 });
    expect(store.items().map((h) => h.message.seq)).toEqual([1]);
  });

  it('drops the late answer to an older query', async () => {
    const { api, store } = setup();
    let late!: (value: SearchResponse) => void;
    api.search.mockReturnValueOnce(new Promise((resolve) => (late = resolve))).mockResolvedValueOnce(answer([aHit(2)]));
    const first = store.search('old');
    await store.search('new');
    late(answer([aHit(1)]));
    await first;
    expect(store.items().map((h) => h.message.seq)).toEqual([2]);
  });

  it('follows the cursor for more, even after a page that came back short or empty', async () => {
    const { api, store } = setup();
    api.search.mockResolvedValueOnce(answer([], 'c-1')).mockResolvedValueOnce(answer([aHit(5), aHit(4)], null));
    await store.search('word');
    expect(store.nextCursor()).toBe('c-1');
    await store.loadMore();
    expect(api.search).toHaveBeenLastCalledWith({ q: 'word', before: 'c-1', limit: 20 });
    expect(store.items().map((h) => h.message.seq)).toEqual([5, 4]);
    expect(store.nextCursor()).toBeNull();
  });

  it('clears the results when the field is emptied', async () => {
    const { api, store } = setup();
    api.search.mockResolvedValueOnce(answer([aHit(1)]));
    await store.search('x');
    store.type('  ');
    expect(store.items()).toEqual([]);
    expect(store.status()).toBe('idle');
  });
});
