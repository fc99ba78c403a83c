import { TestBed } from '@angular/core/testing';
import { Composer, isSendKey } from './composer.component';

const key = (init: KeyboardEventInit) => new KeyboardEvent('keydown', { key: 'Enter', ...init });

describe('isSendKey', () => {
  it('sends on Enter and not on Shift+Enter', () => {
    expect(isSendKey(key({}))).toBe(true);
    expect(isSendKey(key({ shiftKey: true }))).toBe(false);
  });

  it('ignores other keys and modified Enter', () => {
    expect(isSendKey(key({ key: 'a' }))).toBe(false);
    expect(isSendKey(key({ ctrlKey: true }))).toBe(false);
  });
});

describe('Composer', () => {
  async function setup() {
    const fixture = TestBed.createComponent(Composer);
    const sent: string[] = [];
    fixture.componentInstance.send.subscribe((body) => sent.push(body));
    await fixture.whenStable();
    const textarea = (fixture.nativeElement as HTMLElement).querySelector('textarea')!;
    const type = async (text: string) => {
      textarea.value = text;
      textarea.dispatchEvent(new Event('input'));
      await fixture.whenStable();
    };
    return { fixture, sent, textarea, type };
  }

  it('is labelled "Message" and has a Send button', async () => {
    const { fixture, textarea } = await setup();
    const label = (fixture.nativeElement as HTMLElement).querySelector(`label[for="${textarea.id}"]`);
    expect(label?.textContent?.trim()).toBe('Message');
    expect((fixture.nativeElement as HTMLElement).querySelector('button[type=submit]')?.textContent).toContain('Send');
  });

  it('sends the trimmed text on Enter and clears the field', async () => {
    const { sent, textarea, type } = await setup();
    await type('  hello there \n');
    textarea.dispatchEvent(key({ cancelable: true }));
    expect(sent).toEqual(['hello there']);
    expect(textarea.value).toBe('');
  });

  it('keeps Shift+Enter for a new line', async () => {
    const { sent, textarea, type } = await setup();
    await type('line one');
    const event = key({ shiftKey: true, cancelable: true });
    textarea.dispatchEvent(event);
    expect(event.defaultPrevented).toBe(false);
    expect(sent).toEqual([]);
  });

  it('does not send blank messages', async () => {
    const { sent, textarea, type, fixture } = await setup();
    await type('   \n  ');
    textarea.dispatchEvent(key({ cancelable: true }));
    expect(sent).toEqual([]);
    expect((fixture.nativeElement as HTMLElement).querySelector<HTMLButtonElement>('button[type=submit]')!.disabled).toBe(true);
  });

  it('starts from the draft it is given, reports every edit, and reports "" once sent', async () => {
    const { fixture, textarea, type } = await setup();
    const edits: string[] = [];
    fixture.componentInstance.textChange.subscribe((text) => edits.push(text));
    fixture.componentRef.setInput('draft', { key: 'c1', text: 'where were we' });
    await fixture.whenStable();
    expect(textarea.value).toBe('where were we');
    await type('where were we?');
    textarea.dispatchEvent(key({ cancelable: true }));
    expect(edits).toEqual(['where were we?', '']);
  });

  it('sends the files alone once they are uploaded, and not while one is still on its way', async () => {
    const { fixture, sent, textarea } = await setup();
    const sendButton = (fixture.nativeElement as HTMLElement).querySelector<HTMLButtonElement>('button[type=submit]')!;
    fixture.componentRef.setInput('tray', 'pending');
    await fixture.whenStable();
    textarea.dispatchEvent(key({ cancelable: true }));
    expect(sent).toEqual([]);
    expect(sendButton.disabled).toBe(true);
    fixture.componentRef.setInput('tray', 'ready');
    await fixture.whenStable();
    expect(sendButton.disabled).toBe(false);
    textarea.dispatchEvent(key({ cancelable: true }));
    expect(sent).toEqual(['']);
  });

  it('hands pasted files and picked files to the tray, naming a pasted screenshot after the moment', async () => {
    const { fixture, textarea } = await setup();
    const received: File[][] = [];
    fixture.componentInstance.files.subscribe((files) => received.push(files));
    const screenshot = new File(['png'], 'image.png', { type: 'image/png' });
    const paste = Object.assign(new Event('paste', { cancelable: true }), { clipboardData: { files: [screenshot], types: ['Files'] } });
    textarea.dispatchEvent(paste);
    expect(paste.defaultPrevented).toBe(true);
    expect(received[0][0].name).toMatch(/^Pasted image \d{4}-\d\d-\d\d \d\d\.\d\d\.\d\d\.png$/);
    const picker = (fixture.nativeElement as HTMLElement).querySelector<HTMLInputElement>('input[type=file]')!;
    const report = new File(['%PDF'], 'report.pdf', { type: 'application/pdf' });
    Object.defineProperty(picker, 'files', { value: [report], configurable: true });
    picker.dispatchEvent(new Event('change'));
    expect(received[1]).toEqual([report]);
    expect((fixture.nativeElement as HTMLElement).querySelector('button[aria-label="Attach files"]')).not.toBeNull();
  });
});
