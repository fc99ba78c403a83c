import { TestBed } from '@angular/core/testing';
import { ChatApi } from '../data/chat-api';
import { aFile, anImage } from '../testing/chat-factories';
import { AttachmentLinks } from './attachment-links.service';
import { imageBox } from './image-box';
import { MessageAttachments } from './message-attachments.component';

async function setup() {
  const api = { getAttachment: vi.fn(async (id: string) => anImage(id, { url: `/fresh/${id}`, thumbnailUrl: `/fresh/${id}/thumb` })) };
  TestBed.configureTestingModule({ providers: [{ provide: ChatApi, useValue: api }, AttachmentLinks] });
  const fixture = TestBed.createComponent(MessageAttachments);
  fixture.componentRef.setInput('attachments', [anImage('a1', { width: 1600, height: 900 }), aFile('a2', { name: 'Q3 report.pdf', size: 2_500_000 })]);
  await fixture.whenStable();
  return { fixture, host: fixture.nativeElement as HTMLElement, api };
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

  it('gets fresh links when an image fails to load (an expired link), once in a while only', async () => {
    const { fixture, host, api } = await setup();
    host.querySelector('img')!.dispatchEvent(new Event('error'));
    await vi.waitFor(() => expect(api.getAttachment).toHaveBeenCalledWith('a1'));
    await fixture.whenStable();
    expect(host.querySelector('img')!.getAttribute('src')).toBe('/fresh/a1/thumb');
    host.querySelector('img')!.dispatchEvent(new Event('error'));
    expect(api.getAttachment).toHaveBeenCalledTimes(1);
  });

  it('renews a download link about to expire before following it (a download has no error event to renew on)', async () => {
    const { fixture, host, api } = await setup();
    const soon = Math.floor(Date.now() / 1000) + 5;
    fixture.componentRef.setInput('attachments', [aFile('a2', { url: `/api/files/a2?exp=${soon}&sig=s` })]);
    await fixture.whenStable();
    api.getAttachment.mockResolvedValueOnce(aFile('a2', { url: '/api/files/a2?exp=99999999999&sig=t' }));
    const followed: string[] = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      followed.push(this.getAttribute('href')!);
    });
    try {
      const event = new MouseEvent('click', { cancelable: true, bubbles: true });
      host.querySelector('a')!.dispatchEvent(event);
      expect(event.defaultPrevented).toBe(true);
      await vi.waitFor(() => expect(followed).toEqual(['/api/files/a2?exp=99999999999&sig=t']));
    } finally {
      click.mockRestore();
    }
  });
});
