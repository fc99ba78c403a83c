import { computed, inject, Injectable, linkedSignal } from '@angular/core';
import { AuthStore } from '../../auth/auth.store';
import { readStored, writeStored } from '../../core/per-user-storage';

type Drafts = Record<string, string>;
const key = (userId: string) => `parley.drafts.${userId}`;
const isDrafts = (value: unknown): value is Drafts =>
  typeof value === 'object' && value !== null && Object.values(value).every((v) => typeof v === 'string');

/** What was typed but not sent, per conversation and per user, kept across switches and reloads (as Slack does). */
@Injectable()
export class DraftsStore {
  private readonly auth = inject(AuthStore);
  private readonly userId = computed(() => this.auth.user()?.id ?? null);
  private readonly drafts = linkedSignal<Drafts>(() => {
    const userId = this.userId();
    return userId ? (readStored(key(userId), isDrafts) ?? {}) : {};
  });

  get(conversationId: string): string {
    return this.drafts()[conversationId] ?? '';
  }

  set(conversationId: string, text: string): void {
    const { [conversationId]: _previous, ...others } = this.drafts();
    const next = text.trim() ? { ...others, [conversationId]: text } : others;
    this.drafts.set(next);
    const userId = this.userId();
    if (userId) writeStored(key(userId), Object.keys(next).length ? next : null);
  }
}
