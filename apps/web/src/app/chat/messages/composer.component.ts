import { TextFieldModule } from '@angular/cdk/text-field';
import { ChangeDetectionStrategy, Component, computed, ElementRef, input, output, signal, viewChild } from '@angular/core';
import { Limits } from '@parley/contract';

/** Enter sends; Shift+Enter (or Enter while an IME is composing) is a new line. */
export function isSendKey(event: KeyboardEvent): boolean {
  return event.key === 'Enter' && !event.shiftKey && !event.isComposing && !event.altKey && !event.ctrlKey && !event.metaKey;
}

@Component({
  selector: 'app-composer',
  imports: [TextFieldModule],
  templateUrl: './composer.component.html',
  styleUrl: './composer.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class Composer {
  readonly placeholder = input('Write a message…');
  readonly send = output<string>();
  /** v2: Up arrow in an empty composer (edit my last message). */
  readonly editLast = output<void>();
  /** v2: Escape (cancel the reply or edit being composed). */
  readonly escape = output<void>();

  private readonly textarea = viewChild.required<ElementRef<HTMLTextAreaElement>>('field');
  readonly text = signal('');
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
    this.textarea().nativeElement.value = '';
    this.focus();
  }

  /** Puts text in the field (the message being edited), caret at the end. */
  setText(value: string): void {
    const field = this.textarea().nativeElement;
    this.text.set(value);
    field.value = value;
    field.setSelectionRange(value.length, value.length);
  }

  focus(): void {
    this.textarea().nativeElement.focus();
  }
}
