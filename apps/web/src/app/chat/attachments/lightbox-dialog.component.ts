import { DIALOG_DATA, DialogRef } from '@angular/cdk/dialog';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { Attachment } from '@parley/contract';
import { AttachmentLinks } from './attachment-links.service';
import { formatFileSize } from './file-size';

export interface LightboxData {
  /** Every image of the conversation as shown, oldest first: the arrows move through them. */
  images: Attachment[];
  index: number;
}

/**
 * An image at full size over the conversation: Left/Right (or the buttons) move between the
 * conversation's images, Escape or the close button leaves and focus goes back to the thumbnail.
 * A modal CDK dialog, fetched on first use (see chat-dialogs.ts).
 */
@Component({
  selector: 'app-lightbox-dialog',
  templateUrl: './lightbox-dialog.component.html',
  styleUrl: './lightbox-dialog.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '(keydown)': 'onKeydown($event)' },
})
export class LightboxDialog {
  private readonly dialogRef = inject(DialogRef);
  private readonly data = inject<LightboxData>(DIALOG_DATA);
  readonly links = inject(AttachmentLinks);
  readonly images = this.data.images;
  readonly index = signal(Math.min(Math.max(0, this.data.index), this.images.length - 1));
  readonly image = computed(() => this.links.current(this.images[this.index()]));
  readonly position = computed(() => `${this.index() + 1} of ${this.images.length}`);
  readonly detail = computed(() => {
    const { width, height, size } = this.image();
    return [width && height ? `${width} × ${height}` : null, formatFileSize(size)].filter(Boolean).join(' · ');
  });

  onKeydown(event: KeyboardEvent): void {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    if (event.key === 'ArrowLeft') this.step(-1, event);
    else if (event.key === 'ArrowRight') this.step(1, event);
  }

  step(by: -1 | 1, event?: Event): void {
    const next = this.index() + by;
    if (next < 0 || next >= this.images.length) return;
    event?.preventDefault();
    this.index.set(next);
  }

  close(): void {
    this.dialogRef.close();
  }
}
