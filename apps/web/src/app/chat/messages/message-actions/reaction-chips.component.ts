import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { emojiName } from '../emoji-picker/emoji-data';
import { ReactionChip } from '../../model/message-extras';

/** The reactions under a message: emoji and count; mine pressed; clicking toggles mine; hover or focus shows who. */
@Component({
  selector: 'app-reaction-chips',
  templateUrl: './reaction-chips.component.html',
  styleUrl: './reaction-chips.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ReactionChips {
  readonly chips = input.required<ReactionChip[]>();
  /** Off for a message that cannot take reactions (still sending). */
  readonly interactive = input(true);
  readonly toggle = output<string>();

  label(chip: ReactionChip): string {
    return `${chip.who} reacted with ${emojiName(chip.emoji)}${chip.mine ? '. Press to take yours back' : ''}`;
  }
}
