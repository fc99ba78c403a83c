import { ChangeDetectionStrategy, Component, computed, ElementRef, input, linkedSignal, output, viewChild } from '@angular/core';
import { Limits } from '@parley/contract';
import type { TrayStatus } from '../attachments/uploads.store';

export interface ComposerDraft {
  key: string;
  text: string;
}

/** Enter sends; Shift+Enter (or Enter while an IME is composing) is a new line. */
export function isSendKey(event: KeyboardEvent): boolean {
  return event.key === 'Enter' && !event.shiftKey && !event.isComposing && !event.altKey && !event.ctrlKey && !event.metaKey;
}

@Component({
  selector: 'app-composer',
  templateUrl: './composer.component.html',
  styleUrl: './composer.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class Composer {
  readonly placeholder = input('Write a message…');
  /** The saved draft of a conversation (`key`): the field starts from it, and again for each new key. */
  readonly draft = input<ComposerDraft | null>(null);
  /** v2: the files waiting to go with the message (see UploadsStore): Send waits until all are uploaded. */
  readonly tray = input<TrayStatus>('empty');
  /** The caption; '' when the message is only its files. */
  readonly send = output<string>();
  /** v2: files picked with the paperclip or pasted into the field. */
  readonly files = output<File[]>();
  /** Every edit, for the draft store; '' once sent. */
  readonly textChange = output<string>();
  /** v2: Up arrow in an empty composer (edit my last message). */
  readonly editLast = output<void>();
  /** v2: Escape (cancel the reply or edit being composed). */
  readonly escape = output<void>();

  private readonly textarea = viewChild.required<ElementRef<HTMLTextAreaElement>>('field');
  readonly text = linkedSignal(() => this.draft()?.text ?? '');
  readonly max = Limits.messageBodyMax;
  readonly canSend = computed(() => {
    const trimmed = this.text().trim();
    const tray = this.tray();
    if (tray === 'pending' || trimmed.length > this.max) return false;
    return trimmed.length > 0 || tray === 'ready';
  });
  /** Shown only near the limit, where it helps. */
  readonly remaining = computed(() => {
    const left = this.max - this.text().trim().length;
    return left < 200 ? left : null;
  });

  edit(value: string): void {
    this.text.set(value);
    this.textChange.emit(value);
    this.growToFit();
  }

  onKeydown(event: KeyboardEvent): void {
    if (event.key === 'ArrowUp' && !this.text() && !event.shiftKey && !event.altKey && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      this.editLast.emit();
      return;
    }
    if (event.key === 'Escape' && !event.isComposing) {
      this.escape.emit();
      return;
    }
    if (!isSendKey(event)) return;
    event.preventDefault();
    this.submit();
  }

  submit(): void {
    if (!this.canSend()) return;
    this.send.emit(this.text().trim());
    this.text.set('');
    this.textChange.emit('');
    this.textarea().nativeElement.value = '';
    this.growToFit();
    this.focus();
  }

  /** The paperclip's file picker; the input is emptied so that picking the same file again still reports it. */
  picked(input: HTMLInputElement): void {
    const files = Array.from(input.files ?? []);
    input.value = '';
    if (files.length) this.files.emit(files);
  }

  /**
   * A pasted image (a screenshot) or file joins the tray; text pasted along with it (a spreadsheet cell
   * copies as text and as a picture) still goes into the field, as the person expects.
   */
  onPaste(event: ClipboardEvent): void {
    const data = event.clipboardData;
    const files = Array.from(data?.files ?? []).map(namePasted);
    if (files.length === 0) return;
    if (!data?.types.includes('text/plain')) event.preventDefault();
    this.files.emit(files);
  }

  /** Puts text in the field (the message being edited), caret at the end. */
  setText(value: string): void {
    const field = this.textarea().nativeElement;
    this.text.set(value);
    field.value = value;
    field.setSelectionRange(value.length, value.length);
    this.growToFit();
  }

  focus(): void {
    this.textarea().nativeElement.focus();
  }

  /** Where CSS cannot size the field to its text (no `field-sizing`), on each change; the stylesheet caps it. */
  private growToFit(): void {
    if (SIZES_ITSELF) return;
    const field = this.textarea().nativeElement;
    field.style.height = 'auto';
    field.style.height = `${field.scrollHeight}px`;
  }
}

/** A screenshot pastes as "image.png": named after the moment instead, so two of them can be told apart. */
function namePasted(file: File): File {
  if (file.name !== 'image.png' && file.name !== '') return file;
  const stamp = new Date().toISOString().slice(0, 19).replace('T', ' ').replaceAll(':', '.');
  const extension = file.type.split('/')[1] ?? 'png';
  return new File([file], `Pasted image ${stamp}.${extension}`, { type: file.type, lastModified: file.lastModified });
}

const SIZES_ITSELF = typeof CSS !== 'undefined' && CSS.supports('field-sizing', 'content');
