import { DialogRef } from '@angular/cdk/dialog';
import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, Injector, OnDestroy, signal } from '@angular/core';
import { Router } from '@angular/router';
import { SearchHit } from '@parley/contract';
import { AuthStore } from '../../auth/auth.store';
import { ConversationsStore } from '../data/conversations.store';
import { conversationName } from '../model/conversation-display';
import { parseSnippet, SnippetSegment } from './snippet';
import { SearchStore } from './search.store';

interface ResultView {
  hit: SearchHit;
  id: string;
  where: string;
  who: string;
  at: Date;
  segments: SnippetSegment[];
}

/**
 * Message search in a dialog: a field (a combobox: arrow keys move through the results, Enter opens
 * one) and the hits, newest first, with the matched words highlighted. Opening a result shows its
 * conversation at that message.
 */
@Component({
  selector: 'app-search-dialog',
  imports: [DatePipe],
  providers: [SearchStore],
  templateUrl: './search-dialog.component.html',
  styleUrls: ['../people/people-dialog.scss', './search-dialog.component.scss'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SearchDialog implements OnDestroy {
  private readonly dialogRef = inject(DialogRef);
  private readonly router = inject(Router);
  private readonly conversations = inject(ConversationsStore);
  private readonly me = inject(AuthStore).user;
  readonly search = inject(SearchStore);
  readonly active = signal(-1);

  readonly results = computed<ResultView[]>(() => {
    const me = this.me()?.id;
    const people = this.conversations.people();
    return this.search.items().map((hit) => {
      const conversation = this.conversations.find(hit.conversationId);
      const sender = hit.message.senderId === me ? 'You' : (people.get(hit.message.senderId)?.displayName ?? 'Someone');
      // In a direct conversation its name already says who, unless it was me.
      const named = conversation?.kind !== 'direct' || hit.message.senderId === me;
      return {
        hit,
        id: `search-result-${hit.message.id}`,
        where: conversation ? conversationName(conversation, me) : 'Conversation',
        who: named ? sender : '',
        at: new Date(hit.message.createdAt),
        segments: parseSnippet(hit.snippet),
      };
    });
  });
  readonly activeId = computed(() => this.results()[this.active()]?.id ?? null);

  onInput(value: string): void {
    this.active.set(-1);
    this.search.type(value);
  }

  onKeydown(event: KeyboardEvent): void {
    const count = this.results().length;
    if (event.key === 'ArrowDown' && count > 0) {
      event.preventDefault();
      this.moveTo(Math.min(count - 1, this.active() + 1));
    } else if (event.key === 'ArrowUp' && count > 0) {
      event.preventDefault();
      this.moveTo(Math.max(0, this.active() - 1));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const result = this.results()[Math.max(0, this.active())];
      if (result) this.open(result.hit);
    }
  }

  open(hit: SearchHit): void {
    this.dialogRef.close();
    void this.router.navigate(['/chat', hit.conversationId], { queryParams: { at: hit.message.seq } });
  }

  close(): void {
    this.dialogRef.close();
  }

  ngOnDestroy(): void {
    this.search.clear();
  }

  private moveTo(index: number): void {
    this.active.set(index);
    const id = this.results()[index]?.id;
    if (id) document.getElementById(id)?.scrollIntoView({ block: 'nearest' });
  }
}
