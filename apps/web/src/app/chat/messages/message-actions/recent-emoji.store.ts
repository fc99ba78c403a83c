import { Injectable, signal } from '@angular/core';

const STORAGE_KEY = 'parley.recentEmoji';
const KEPT = 16;
/** Until someone has reacted: the ones people reach for most. */
export const DEFAULT_RECENT = ['👍', '❤️', '😂', '🎉', '😮', '😢'] as const;

function readStored(): string[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((e): e is string => typeof e === 'string').slice(0, KEPT) : [];
  } catch {
    return [];
  }
}

/** The emoji this browser reacted with last, most recent first (the picker's first row, the menu's quick reactions). */
@Injectable({ providedIn: 'root' })
export class RecentEmoji {
  private readonly stored = signal<string[]>(readStored());
  readonly recent = this.stored.asReadonly();

  /** The `count` to offer first: recent ones, topped up with the defaults. */
  top(count: number): string[] {
    return [...new Set([...this.stored(), ...DEFAULT_RECENT])].slice(0, count);
  }

  use(emoji: string): void {
    const next = [emoji, ...this.stored().filter((e) => e !== emoji)].slice(0, KEPT);
    this.stored.set(next);
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
    } catch {
      // Storage disabled: recent emoji last for this page only.
    }
  }
}
