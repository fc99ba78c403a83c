import { DIALOG_DATA, DialogRef } from '@angular/cdk/dialog';
import { ChangeDetectionStrategy, Component, computed, ElementRef, inject, signal, viewChildren } from '@angular/core';
import { RecentEmoji } from '../message-actions/recent-emoji.store';
import { EmojiEntry, emojiName, filterEmoji } from './emoji-data';
import { gridMove } from './grid-navigation';

export const PICKER_COLUMNS = 8;

export interface EmojiPickerData {
  /** Emoji I already reacted with: shown pressed (picking one again takes it back). */
  mine: readonly string[];
}

/**
 * A small emoji picker in a dialog: a filter field, the recent row, then the set. Arrow keys move
 * between emoji (one tab stop for the grid), Enter picks, Escape closes; focus returns to the opener.
 * Closes with the emoji picked.
 */
@Component({
  selector: 'app-emoji-picker',
  templateUrl: './emoji-picker.component.html',
  styleUrl: './emoji-picker.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class EmojiPicker {
  private readonly dialogRef = inject<DialogRef<string>>(DialogRef);
  private readonly recentEmoji = inject(RecentEmoji);
  readonly data = inject<EmojiPickerData>(DIALOG_DATA, { optional: true }) ?? { mine: [] };
  private readonly cells = viewChildren<ElementRef<HTMLButtonElement>>('cell');

  readonly query = signal('');
  readonly active = signal(0);
  /** One list, recent first, so arrow keys cross from the recent row into the rest. */
  readonly entries = computed<EmojiEntry[]>(() => {
    const found = filterEmoji(this.query());
    if (this.query().trim()) return found;
    const recent = this.recentEmoji.top(PICKER_COLUMNS).map((emoji) => ({ emoji, name: emojiName(emoji) }));
    const inRecent = new Set(recent.map((e) => e.emoji));
    return [...recent, ...found.filter((e) => !inRecent.has(e.emoji))];
  });
  readonly recentCount = computed(() => (this.query().trim() ? 0 : Math.min(PICKER_COLUMNS, this.entries().length)));
  readonly columns = PICKER_COLUMNS;

  onFilter(value: string): void {
    this.query.set(value);
    this.active.set(0);
  }

  /** Down from the filter field goes into the grid; Enter there picks the first match. */
  onFilterKeydown(event: KeyboardEvent): void {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      this.focusCell(0);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const first = this.entries()[0];
      if (first) this.pick(first.emoji);
    }
  }

  onGridKeydown(event: KeyboardEvent, index: number): void {
    const next = gridMove(event.key, index, this.entries().length, PICKER_COLUMNS);
    if (next === null) return;
    event.preventDefault();
    this.focusCell(next);
  }

  pick(emoji: string): void {
    this.recentEmoji.use(emoji);
    this.dialogRef.close(emoji);
  }

  close(): void {
    this.dialogRef.close();
  }

  isMine(emoji: string): boolean {
    return this.data.mine.includes(emoji);
  }

  private focusCell(index: number): void {
    this.active.set(index);
    this.cells()[index]?.nativeElement.focus();
  }
}
