import { computed, Directive, inject, input, output } from '@angular/core';
import { Attachment } from '@parley/contract';
import { AttachmentLinks } from './attachment-links.service';
import { loadMessageAttachments, loadUploadTray, replaceWhenLoaded } from './lazy-view';
import type { PendingUpload } from './uploads.store';

/**
 * Where a message's files go: the host shows their reserved boxes until MessageAttachments arrives.
 * It hands the view each attachment with the freshest links known and renews the expired ones.
 */
@Directive({ selector: '[appMessageAttachments]' })
export class MessageAttachmentsSlot {
  private readonly links = inject(AttachmentLinks);
  readonly attachments = input.required<Attachment[]>();
  readonly captioned = input(false);
  readonly openImage = output<string>();
  private readonly current = computed(() => this.attachments().map((attachment) => this.links.current(attachment)));

  constructor() {
    replaceWhenLoaded(
      loadMessageAttachments,
      () => ({ attachments: this.current(), captioned: this.captioned() }),
      (view) => {
        view.openImage.subscribe((id) => this.openImage.emit(id));
        view.broken.subscribe((id) => void this.links.renew(id));
        view.renewDownload.subscribe((attachment) => void this.links.download(attachment));
      },
    );
  }
}

/** Where the upload tray goes, above the composer, once there is something in it. */
@Directive({ selector: '[appUploadTray]' })
export class UploadTraySlot {
  readonly items = input.required<PendingUpload[]>();
  readonly notice = input<string | null>(null);
  readonly retry = output<string>();
  readonly remove = output<string>();

  constructor() {
    replaceWhenLoaded(
      loadUploadTray,
      () => ({ items: this.items(), notice: this.notice() }),
      (tray) => {
        tray.retry.subscribe((id) => this.retry.emit(id));
        tray.remove.subscribe((id) => this.remove.emit(id));
      },
    );
  }
}
