import { ChangeDetectionStrategy, Component, computed, ElementRef, input, linkedSignal, output, viewChild } from '@angular/core';
import { Limits } from '@parley/contract';

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
  readonly send = output<string>();
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
    return trimmed.length > 0 && trimmed.length <= this.max;
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

const SIZES_ITSELF = typeof CSS !== 'undefined' && CSS.supports('field-sizing', 'content');
