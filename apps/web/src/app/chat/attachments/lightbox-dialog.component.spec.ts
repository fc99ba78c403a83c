import { DIALOG_DATA, DialogRef } from '@angular/cdk/dialog';
import { TestBed } from '@angular/core/testing';
import { ChatApi } from '../data/chat-api';
import { anImage } from '../testing/chat-factories';
import { AttachmentLinks } from './attachment-links.service';
import { LightboxData, LightboxDialog } from './lightbox-dialog.component';

async function setup(data: LightboxData) {
  const dialogRef = { close: vi.fn() };
  TestBed.configureTestingModule({
    providers: [
      { provide: DIALOG_DATA, useValue: data },
      { provide: DialogRef, useValue: dialogRef },
      { provide: ChatApi, useValue: { getAttachment: vi.fn() } },
      AttachmentLinks,
    ],
  });
  const fixture = TestBed.createComponent(LightboxDialog);
  await fixture.whenStable();
  const host = fixture.nativeElement as HTMLElement;
  const press = async (key: string) => {
    host.querySelector('img')!.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
    await fixture.whenStable();
  };
  return { fixture, host, press, dialogRef };
}

describe('LightboxDialog', () => {
  const images = [anImage('a1'), anImage('a2', { width: 1024, height: 768, size: 300_000 }), anImage('a3')];

  it('shows the chosen image at full size, named, with where it is among the conversation’s images', async () => {
    const { host } = await setup({ images, index: 1 });
    const img = host.querySelector('img')!;
    expect([img.getAttribute('src'), img.alt]).toEqual(['/api/uploads/a2/content?sig=a', 'a2.png']);
    expect(host.querySelector('#lightbox-title')?.textContent).toBe('a2.png');
    expect(host.querySelector('.detail')?.textContent).toBe('2 of 3 · 1024 × 768 · 293 KB');
  });

  it('moves with the arrow keys and the buttons, and stops at either end', async () => {
    const { fixture, host, press } = await setup({ images, index: 0 });
    const name = () => host.querySelector('img')!.alt;
    await press('ArrowLeft');
    expect(name()).toBe('a1.png');
    expect(host.querySelector<HTMLButtonElement>('button[aria-label="Previous image"]')!.disabled).toBe(true);
    await press('ArrowRight');
    await press('ArrowRight');
    expect(name()).toBe('a3.png');
    await press('ArrowRight');
    expect(name()).toBe('a3.png');
    host.querySelector<HTMLButtonElement>('button[aria-label="Previous image"]')!.click();
    await fixture.whenStable();
    expect(host.querySelector('.detail')?.textContent).toContain('2 of 3');
  });

  it('closes from its Close button', async () => {
    const { host, dialogRef } = await setup({ images, index: 0 });
    host.querySelector<HTMLButtonElement>('#lightbox-close')!.click();
    expect(dialogRef.close).toHaveBeenCalled();
  });
});
