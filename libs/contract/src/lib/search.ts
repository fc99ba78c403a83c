import type { Message } from './message';

/**
 * v2: `GET /api/search`. `q` syntax: words (every word must match; 3+ characters match anywhere in a
 * word, shorter ones as whole words, the last one also as a prefix), `pars*` (a prefix), and
 * "quoted phrases". Case and accents are ignored; Chinese, Japanese and Korean text matches by characters.
 */
export interface SearchQuery {
  q: string;
  /** Only this conversation (it must be yours). */
  conversationId?: string;
  /** The `nextCursor` of the previous page. */
  before?: string;
  limit?: number;
}

export interface SearchHit {
  message: Message;
  conversationId: string;
  /** HTML-escaped text around the hits, each hit wrapped in `<mark>`…`</mark>`: safe to insert as HTML. */
  snippet: string;
}

export interface SearchResponse {
  /** Newest first; only live messages of conversations you are a member of now. */
  items: SearchHit[];
  /** Pass as `before` for the next (older) page; null when there is none. */
  nextCursor: string | null;
}
