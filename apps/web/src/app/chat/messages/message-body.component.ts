import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { linkify } from '../model/linkify';

/**
 * A message body as text. Links are real anchors built from segments and interpolation: nothing in a
 * body is ever parsed as HTML. Line breaks survive through `white-space: pre-wrap` in the bubble's CSS.
 */
@Component({
  selector: 'app-message-body',
  templateUrl: './message-body.component.html',
  styleUrl: './message-body.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MessageBody {
  readonly body = input.required<string>();
  readonly segments = computed(() => linkify(this.body()));
}
