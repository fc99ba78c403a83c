import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { ConversationsStore } from '../data/conversations.store';
import { TypingStore } from './typing.store';
import { typingText } from './typing-text';

/**
 * "Alice is typing…" above the composer. The live region is always there (a region that appears
 * with its text is often not announced), and polite: it never interrupts what is being read.
 */
@Component({
  selector: 'app-typing-indicator',
  template: `
    <div class="typing" aria-live="polite" aria-atomic="true">
      @if (text(); as words) {
        <span class="dots" aria-hidden="true"><span></span><span></span><span></span></span>
        <span class="words">{{ words }}</span>
      }
    </div>
  `,
  styleUrl: './typing-indicator.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TypingIndicator {
  private readonly typing = inject(TypingStore);
  private readonly conversations = inject(ConversationsStore);
  readonly conversationId = input.required<string>();

  readonly text = computed(() => {
    const people = this.conversations.people();
    return typingText(this.typing.in(this.conversationId()).map((id) => people.get(id)?.displayName ?? 'Someone'));
  });
}
