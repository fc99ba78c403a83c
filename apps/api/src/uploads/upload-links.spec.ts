import { UploadLinks } from './upload-links';

const links = (secret = 'k') => new UploadLinks({ linkTtlSeconds: 3600, linkSecret: Buffer.from(secret) } as never);
const parts = (url: string) => Object.fromEntries(new URL(url, 'http://x').searchParams) as { exp: string; sig: string };

describe('UploadLinks', () => {
  const now = Date.UTC(2026, 0, 1, 10, 20);
  const id = '0b5f3c1e-0000-4000-8000-000000000001';

  it('issues the same link throughout a window, valid one to two TTLs', () => {
    const a = links().link(id, 'original', now);
    expect(links().link(id, 'original', now + 30 * 60_000)).toBe(a);
    const { exp } = parts(a);
    expect(Number(exp) * 1000 - now).toBeGreaterThan(3600_000);
    expect(Number(exp) * 1000 - now).toBeLessThanOrEqual(7200_000);
  });

  it('accepts its own link and refuses an altered, foreign, other-variant or expired one', () => {
    const { exp, sig } = parts(links().link(id, 'original', now));
    expect(links().verify(id, 'original', exp, sig, now)).toBe('ok');
    expect(links().verify(id, 'thumbnail', exp, sig, now)).toBe('invalid');
    expect(links().verify(id.replace('1', '2'), 'original', exp, sig, now)).toBe('invalid');
    expect(links().verify(id, 'original', String(Number(exp) + 3600), sig, now)).toBe('invalid');
    expect(links('other').verify(id, 'original', exp, sig, now)).toBe('invalid');
    expect(links().verify(id, 'original', exp, sig.slice(1), now)).toBe('invalid');
    expect(links().verify(id, 'original', undefined, sig, now)).toBe('invalid');
    expect(links().verify(id, 'original', exp, sig, Number(exp) * 1000)).toBe('expired');
  });
});
