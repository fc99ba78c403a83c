import { effect, inject, Injectable, signal } from '@angular/core';
import { Title } from '@angular/platform-browser';
import { ConversationsStore } from '../data/conversations.store';

/** "(3) Bob · Parley": the unread total first, so it shows on a narrow tab too. */
export function titleWithUnread(base: string, unread: number): string {
  return unread > 0 ? `(${unread}) ${base}` : base;
}

/** The document title of the chat pages: each page sets its own part, the unread total is added here. */
@Injectable()
export class PageTitle {
  private readonly conversations = inject(ConversationsStore);
  readonly base = signal('Parley');

  constructor() {
    const title = inject(Title);
    effect(() => title.setTitle(titleWithUnread(this.base(), this.conversations.totalUnread())));
  }
}
