import { TestBed } from '@angular/core/testing';
import { ChatApi } from '../data/chat-api';
import { aFile, anImage } from '../testing/chat-factories';
import { AttachmentLinks } from './attachment-links.service';
import { expiresSoon } from './link-expiry';

function setup() {
  const api = { getAttachment: vi.fn(async (id: string) => anImage(id, { url: `/fresh/${id}`, thumbnailUrl: `/fresh/${id}/thumb` })) };
  TestBed.configureTestingModule({ providers: [{ provide: ChatApi, useValue: api }, AttachmentLinks] });
  return { api, links: TestBed.inject(AttachmentLinks) };
}

describe('AttachmentLinks', () => {
  it('renews an attachment’s links, shows the fresh ones from then on, and asks at most once in a while', async () => {
    const { api, links } = setup();
    const stale = anImage('a1');
    expect(links.current(stale)).toBe(stale);
    await links.renew('a1');
    expect(links.current(stale).thumbnailUrl).toBe('/fresh/a1/thumb');
    await links.renew('a1');
    expect(api.getAttachment).toHaveBeenCalledTimes(1);
  });

  it('starts a renewed download from a fresh link', async () => {
    const { links } = setup();
    const followed: string[] = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      followed.push(`${this.getAttribute('href')} as ${this.download}`);
    });
    try {
      await links.download(aFile('a2'));
      expect(followed).toEqual(['/fresh/a2 as a2.png']);
    } finally {
      click.mockRestore();
    }
  });
});

describe('expiresSoon', () => {
  it('reads the signed link’s exp (seconds), with a margin; a link without one never expires', () => {
    const now = 1_000_000_000_000;
    expect(expiresSoon('/api/files/x?exp=1000000005&sig=s', now)).toBe(true);
    expect(expiresSoon('/api/files/x?exp=1000003600&sig=s', now)).toBe(false);
    expect(expiresSoon('/api/files/x', now)).toBe(false);
  });
});
