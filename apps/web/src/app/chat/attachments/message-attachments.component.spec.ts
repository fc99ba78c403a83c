import { TestBed } from '@angular/core/testing';
import { aFile, anImage } from '../testing/chat-factories';
import { imageBox } from './image-box';
import { MessageAttachments } from './message-attachments.component';

async function setup() {
  const fixture = TestBed.createComponent(MessageAttachments);
  fixture.componentRef.setInput('attachments', [anImage('a1', { width: 1600, height: 900 }), aFile('a2', { name: 'Q3 report.pdf', size: 2_500_000 })]);
  await fixture.whenStable();
  return { fixture, host: fixture.nativeElement as HTMLElement };
}

describe('imageBox', () => {
  it('keeps the aspect ratio within the thumbnail box and never enlarges', () => {
    expect(imageBox({ width: 1600, height: 900 })).toEqual({ width: 480, height: 270 });
    expect(imageBox({ width: 900, height: 1600 })).toEqual({ width: 203, height: 360 });
    expect(imageBox({ width: 120, height: 80 })).toEqual({ width: 120, height: 80 });
    expect(imageBox({})).toEqual({ width: 320, height: 240 });
  });
});

describe('MessageAttachments', () => {
  it('shows an image as its thumbnail with its dimensions reserved, lazily, named by its file name', async () => {
    const { host } = await setup();
    const img = host.querySelector('img')!;
    expect(img.getAttribute('src')).toBe('/api/uploads/a1/thumbnail?sig=a');
    expect([img.getAttribute('width'), img.getAttribute('height')]).toEqual(['480', '270']);
    expect([img.alt, img.getAttribute('loading'), img.getAttribute('decoding')]).toEqual(['a1.png', 'lazy', 'async']);
    expect(img.closest('button')?.getAttribute('aria-label')).toBe('Open image a1.png');
  });

  it('opens the lightbox when an image is clicked', async () => {
    const { fixture, host } = await setup();
    const opened: string[] = [];
    fixture.componentInstance.openImage.subscribe((id) => opened.push(id));
    host.querySelector<HTMLButtonElement>('button.image')!.click();
    expect(opened).toEqual(['a1']);
  });

  it('shows another file as a card with its name, size and a download link', async () => {
    const { host } = await setup();
    const card = host.querySelector('[role=group]')!;
    expect(card.getAttribute('aria-label')).toBe('Q3 report.pdf, 2.4 MB');
    const download = card.querySelector('a')!;
    expect([download.getAttribute('href'), download.getAttribute('download'), download.getAttribute('aria-label')]).toEqual([
      '/api/uploads/a2/content?sig=a',
      'Q3 report.pdf',
      'Download Q3 report.pdf',
    ]);
  });

  it('reports an image that fails to load (an expired link), for fresh links', async () => {
    const { fixture, host } = await setup();
    const broken: string[] = [];
    fixture.componentInstance.broken.subscribe((id) => broken.push(id));
    host.querySelector('img')!.dispatchEvent(new Event('error'));
    expect(broken).toEqual(['a1']);
  });

  it('follows a live download link as it is, and hands one about to expire over for renewal instead', async () => {
    const { fixture, host } = await setup();
    const renewals: string[] = [];
    fixture.componentInstance.renewDownload.subscribe((a) => renewals.push(a.id));
    const click = () => {
      const event = new MouseEvent('click', { cancelable: true, bubbles: true });
      event.preventDefault = vi.fn(event.preventDefault.bind(event));
      host.querySelector('a')!.dispatchEvent(event);
      return event;
    };
    fixture.componentRef.setInput('attachments', [aFile('a2', { url: `/api/files/a2?exp=${Math.floor(Date.now() / 1000) + 3600}&sig=s` })]);
    await fixture.whenStable();
    expect(click().preventDefault).not.toHaveBeenCalled();
    fixture.componentRef.setInput('attachments', [aFile('a2', { url: `/api/files/a2?exp=${Math.floor(Date.now() / 1000) + 5}&sig=s` })]);
    await fixture.whenStable();
    expect(click().preventDefault).toHaveBeenCalled();
    expect(renewals).toEqual(['a2']);
  });
});
