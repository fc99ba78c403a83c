import { ChangeDetectionStrategy, Component, computed, inject, input, output } from '@angular/core';
import { Attachment } from '@parley/contract';
import { AttachmentLinks } from './attachment-links.service';
import { FileIcon } from './file-icon.component';
import { formatFileSize } from './file-size';
import { imageBox } from './image-box';

/**
 * A message's files: images inline at their aspect ratio (the box is reserved before they load, so the
 * list never jumps), each a button that opens the lightbox; other files as a card with a download link.
 * An image whose signed link has expired gets a fresh one (see AttachmentLinks).
 */
@Component({
  selector: 'app-message-attachments',
  imports: [FileIcon],
  templateUrl: './message-attachments.component.html',
  styleUrl: './message-attachments.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MessageAttachments {
  readonly attachments = input.required<Attachment[]>();
  /** An image was chosen: its id, for the lightbox. */
  readonly openImage = output<string>();
  readonly links = inject(AttachmentLinks);

  readonly items = computed(() =>
    this.attachments().map((original) => {
      const attachment = this.links.current(original);
      return { attachment, box: imageBox(attachment), size: formatFileSize(attachment.size) };
    }),
  );

  /** A live link downloads as the plain link it is; an expiring one is renewed first (see AttachmentLinks.expiresSoon). */
  async download(event: MouseEvent, attachment: Attachment): Promise<void> {
    event.stopPropagation();
    if (!this.links.expiresSoon(attachment)) return;
    event.preventDefault();
    const fresh = (await this.links.renew(attachment.id)) ?? this.links.current(attachment);
    const anchor = document.createElement('a');
    anchor.href = fresh.url;
    anchor.download = fresh.name;
    anchor.click();
  }

  open(event: Event, id: string): void {
    // The bubble's own click shows the message's full date; opening an image is not that.
    event.stopPropagation();
    this.openImage.emit(id);
  }
}
