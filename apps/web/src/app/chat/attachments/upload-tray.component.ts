import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { FileIcon } from './file-icon.component';
import { formatFileSize } from './file-size';
import { PendingUpload } from './uploads.store';

/** The files waiting to go with the next message, above the composer: progress, why one failed, Retry, and Cancel/Remove. */
@Component({
  selector: 'app-upload-tray',
  imports: [FileIcon],
  templateUrl: './upload-tray.component.html',
  styleUrl: './upload-tray.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UploadTray {
  readonly items = input.required<PendingUpload[]>();
  readonly notice = input<string | null>(null);
  readonly retry = output<string>();
  readonly remove = output<string>();

  readonly size = formatFileSize;
  percent(item: PendingUpload): number {
    return Math.round(item.progress * 100);
  }
}
