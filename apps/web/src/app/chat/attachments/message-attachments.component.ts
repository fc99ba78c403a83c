import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { Attachment } from '@parley/contract';
import { FileIcon } from './file-icon.component';
import { formatFileSize } from './file-size';
import { imageBox } from './image-box';
import { expiresSoon } from './link-expiry';

/**
 * A message's files: images inline at their aspect ratio (the box is reserved before they load, so the
 * list never jumps), each a button that opens the lightbox; other files as a card with a download link.
 * Presentational, and lazily loaded (see MessageAttachmentsSlot, which renews expired links): it imports
 * nothing of the session's services, so its chunk shares nothing with the first load's.
 */
@Component({
  selector: 'app-message-attachments',
  imports: [FileIcon],
  templateUrl: './message-attachments.component.html',
  styleUrl: './message-attachments.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '[class.captioned]': 'captioned()' },
})
export class MessageAttachments {
  readonly attachments = input.required<Attachment[]>();
  /** Below a caption: some room between them. */
  readonly captioned = input(false);
  /** An image was chosen: its id, for the lightbox. */
  readonly openImage = output<string>();
  /** An image failed to load (most likely an expired link): its id, for fresh links. */
  readonly broken = output<string>();
  /** A download whose link expires too soon to follow: it is renewed and started by the owner. */
  readonly renewDownload = output<Attachment>();

  readonly items = computed(() =>
    this.attachments().map((attachment) => ({ attachment, box: imageBox(attachment), size: formatFileSize(attachment.size) })),
  );

  /** A live link downloads as the plain link it is. */
  download(event: MouseEvent, attachment: Attachment): void {
    event.stopPropagation();
    if (!expiresSoon(attachment.url)) return;
    event.preventDefault();
    this.renewDownload.emit(attachment);
  }

  open(event: Event, id: string): void {
    // The bubble's own click shows the message's full date; opening an image is not that.
    event.stopPropagation();
    this.openImage.emit(id);
  }
}
