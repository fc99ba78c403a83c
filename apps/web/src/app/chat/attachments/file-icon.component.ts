import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

/** A document with the file's extension on it (PDF, ZIP…): the icon of a file card and of a tray item. */
@Component({
  selector: 'app-file-icon',
  templateUrl: './file-icon.component.html',
  styleUrl: './file-icon.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class FileIcon {
  readonly name = input.required<string>();
  readonly extension = computed(() => {
    const dot = this.name().lastIndexOf('.');
    return dot > 0 ? this.name().slice(dot + 1, dot + 5).toUpperCase() : '';
  });
}
