import { CdkMenu, CdkMenuItem } from '@angular/cdk/menu';
import { ChangeDetectionStrategy, Component, computed, ElementRef, inject, Injector, input, TemplateRef, viewChild } from '@angular/core';
import { toClientError } from '../../../core/api-error';
import { MessageRow } from '../../model/timeline';
import { openEmojiPicker } from '../emoji-picker/open-emoji-picker';
import { ConversationContext } from './conversation-context';
import { confirmDeleteMessage } from '../../chat-dialogs';
import { messageActions, MessageActionSet } from './message-actions';
import { MessageActions } from './message-actions.service';
import { RecentEmoji } from './recent-emoji.store';

const QUICK_REACTIONS = 5;
const NO_ACTIONS: MessageActionSet = { reply: false, react: false, edit: false, delete: false };

/**
 * The actions on one message: a small bar shown on hover or focus (react, reply, edit, delete), and the
 * same as a context menu (right-click, long-press) with quick reactions. The message list opens the menu
 * (`menu`) from the message itself.
 */
@Component({
  selector: 'app-message-action-bar',
  imports: [CdkMenu, CdkMenuItem],
  templateUrl: './message-action-bar.component.html',
  styleUrl: './message-action-bar.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MessageActionBar {
  private readonly injector = inject(Injector);
  // Outside a conversation page (a list rendered on its own, in a spec) there is nothing to act with: no actions.
  private readonly context = inject(ConversationContext, { optional: true });
  private readonly actions = inject(MessageActions, { optional: true });
  private readonly recentEmoji = inject(RecentEmoji);
  readonly row = input.required<MessageRow>();
  /** The one message whose buttons are in the tab order (roving: arrow keys move between messages). */
  readonly current = input(false);
  readonly tabIndex = computed(() => (this.current() ? 0 : -1));
  readonly allowed = computed(() => (this.context && this.actions ? messageActions(this.row()) : NO_ACTIONS));
  readonly quick = computed(() => this.recentEmoji.top(QUICK_REACTIONS));
  /** For the message list's context-menu trigger. */
  readonly menu = viewChild.required<TemplateRef<unknown>>('menu');
  private readonly reactButton = viewChild<ElementRef<HTMLElement>>('reactButton');

  reply(): void {
    this.context?.reply(this.row());
  }

  edit(): void {
    this.context?.edit(this.row());
  }

  async react(anchor?: HTMLElement): Promise<void> {
    const row = this.row();
    const target = anchor ?? this.reactButton()?.nativeElement;
    if (!target) return;
    const emoji = await openEmojiPicker(this.injector, target, { mine: row.reactions.filter((r) => r.mine).map((r) => r.emoji) });
    if (emoji) await this.toggle(emoji);
  }

  async toggle(emoji: string): Promise<void> {
    const row = this.row();
    const { context, actions } = this;
    if (!row.id || !context || !actions) return;
    this.recentEmoji.use(emoji);
    await this.run('react', () => actions.toggleReaction(context.conversationId(), row.id!, row.reactions, emoji));
  }

  async remove(): Promise<void> {
    const row = this.row();
    const { context, actions } = this;
    if (!row.id || !context || !actions || !(await confirmDeleteMessage(this.injector, { preview: row.body.slice(0, 280) }))) return;
    await this.run('delete', async () => {
      await actions.delete(context.conversationId(), row.id!);
      // The button that opened the confirmation goes with the message: focus goes to the composer, not the page.
      if (context.editing()?.id === row.id || context.replyingTo()?.id === row.id) context.cancel();
      context.focusComposer.update((n) => n + 1);
    });
  }

  private async run(what: 'react' | 'delete', action: () => Promise<void>): Promise<void> {
    this.context?.error.set(null);
    try {
      await action();
    } catch (error) {
      this.context?.error.set(`Couldn't ${what === 'react' ? 'react' : 'delete the message'}: ${toClientError(error).message}`);
    }
  }
}
