import { ChangeDetectionStrategy, Component, input } from '@angular/core';

/** The Parley logo and word mark. */
@Component({
  selector: 'app-brand-mark',
  templateUrl: './brand-mark.component.html',
  styleUrl: './brand-mark.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '[class.compact]': 'compact()' },
})
export class BrandMark {
  readonly compact = input(false);
}
