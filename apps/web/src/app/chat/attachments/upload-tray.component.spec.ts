import { TestBed } from '@angular/core/testing';
import { PendingUpload } from './uploads.store';
import { UploadTray } from './upload-tray.component';

const anUpload = (localId: string, overrides: Partial<PendingUpload> = {}): PendingUpload => ({
  localId,
  conversationId: 'c1',
  file: new File(['x'.repeat(2048)], `${localId}.pdf`, { type: 'application/pdf' }),
  previewUrl: null,
  state: 'uploading',
  progress: 0.4,
  ...overrides,
});

async function setup(items: PendingUpload[]) {
  const fixture = TestBed.createComponent(UploadTray);
  fixture.componentRef.setInput('items', items);
  await fixture.whenStable();
  const host = fixture.nativeElement as HTMLElement;
  const buttons = () => Array.from(host.querySelectorAll('button'), (b) => b.getAttribute('aria-label'));
  return { fixture, host, buttons };
}

describe('UploadTray', () => {
  it('lists the files to send with their progress, and a Cancel for one under way, a Remove for the others', async () => {
    const { host, buttons } = await setup([anUpload('a'), anUpload('b', { state: 'done', progress: 1 })]);
    expect(host.querySelector('ul')?.getAttribute('aria-label')).toBe('Files to send');
    const bar = host.querySelector('[role=progressbar]')!;
    expect([bar.getAttribute('aria-label'), bar.getAttribute('aria-valuenow')]).toEqual(['Uploading a.pdf', '40']);
    expect(host.textContent).toContain('2 KB · 40%');
    expect(host.textContent).toContain('2 KB · Ready');
    expect(buttons()).toEqual(['Cancel upload of a.pdf', 'Remove b.pdf']);
  });

  it('says why one failed, offers Retry only where another try can work, and reports the choice', async () => {
    const { fixture, host, buttons } = await setup([
      anUpload('big', { state: 'failed', error: 'Too large: the limit is 25 MB.', retryable: false }),
      anUpload('busy', { state: 'failed', error: 'Too many uploads: try again in 5 s.', retryable: true }),
      anUpload('off', { state: 'waiting', progress: 0 }),
    ]);
    expect(Array.from(host.querySelectorAll('[role=alert]'), (e) => e.textContent)).toEqual(['Too large: the limit is 25 MB.', 'Too many uploads: try again in 5 s.']);
    expect(host.textContent).toContain('Waiting for connection');
    expect(buttons()).toEqual(['Remove big.pdf', 'Retry uploading busy.pdf', 'Remove busy.pdf', 'Remove off.pdf']);
    const retried: string[] = [];
    fixture.componentInstance.retry.subscribe((id) => retried.push(id));
    host.querySelector<HTMLButtonElement>('button[aria-label="Retry uploading busy.pdf"]')!.click();
    expect(retried).toEqual(['busy']);
  });
});
