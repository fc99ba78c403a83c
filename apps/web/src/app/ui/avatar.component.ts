import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

/** Initials on a colour derived from the user id, so each person keeps the same colour everywhere. */
@Component({
  selector: 'app-avatar',
  templateUrl: './avatar.component.html',
  styleUrl: './avatar.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '[style.--hue]': 'hue()', '[style.--size.px]': 'size()', 'aria-hidden': 'true' },
})
export class Avatar {
  readonly name = input.required<string>();
  readonly seed = input.required<string>();
  readonly size = input(36);

  readonly initials = computed(() => {
    const words = this.name().trim().split(/\s+/).filter(Boolean);
    const letters = words.length > 1 ? words[0][0] + words[words.length - 1][0] : (words[0]?.[0] ?? '?');
    return letters.toUpperCase();
  });

  readonly hue = computed(() => {
    let hash = 0;
    for (const char of this.seed()) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
    return hash % 360;
  });
}
