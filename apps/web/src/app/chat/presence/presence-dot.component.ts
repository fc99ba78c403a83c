import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { PresenceState } from '@parley/contract';
import { presenceKind, presenceLabel } from './presence-text';
import { PresenceStore } from './presence.store';

/**
 * The dot on an avatar's corner: filled green for online, a hollow ring for away. Never colour alone:
 * it is an image named "Online" / "Away" / "Offline, last seen 5 minutes ago" (with the same tooltip),
 * unless `decorative`, where the text is said elsewhere (a sidebar entry's description) and nothing
 * shows for offline. Place it inside a `position: relative` box around the avatar.
 */
@Component({
  selector: 'app-presence-dot',
  template: `
    @if (!decorative() || kind() !== 'offline') {
      <span class="dot" [class]="kind()" [attr.role]="decorative() ? null : 'img'" [attr.aria-label]="decorative() ? null : label()"
        [attr.aria-hidden]="decorative() ? 'true' : null" [title]="label()"></span>
    }
  `,
  styleUrl: './presence-dot.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '[style.--dot-size.px]': 'size()' },
})
export class PresenceDot {
  private readonly store = inject(PresenceStore);
  readonly userId = input.required<string>();
  /** The User as loaded, until the server has said more. */
  readonly fallback = input<PresenceState | null>(null);
  readonly decorative = input(false);
  readonly size = input(12);

  readonly state = computed(() => this.store.stateOf(this.userId(), this.fallback()));
  readonly kind = computed(() => presenceKind(this.state()));
  readonly label = computed(() => presenceLabel(this.state(), this.store.now()));
}
