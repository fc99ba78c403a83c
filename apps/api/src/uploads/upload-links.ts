import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { uploadsConfig } from '../config/uploads.config';

export type FileVariant = 'original' | 'thumbnail';

/**
 * Short-lived signed links to stored files: `/api/files/:id?exp=…&sig=…` and
 * `/api/files/:id/thumbnail?exp=…&sig=…`, HMAC-SHA256 over (id, variant, exp) with a key every
 * process shares. `exp` is rounded up to a whole window, so a link is valid between one and two TTLs
 * and is issued identically throughout a window: the browser's cache keeps working.
 * A link is proof of access: it is only put into messages presented to members and into the
 * uploader's own responses.
 */
@Injectable()
export class UploadLinks {
  constructor(@Inject(uploadsConfig.KEY) private readonly config: ConfigType<typeof uploadsConfig>) {}

  link(id: string, variant: FileVariant, now = Date.now()): string {
    const ttl = this.config.linkTtlSeconds;
    const exp = (Math.floor(now / 1000 / ttl) + 2) * ttl;
    const path = variant === 'thumbnail' ? `/api/files/${id}/thumbnail` : `/api/files/${id}`;
    return `${path}?exp=${exp}&sig=${this.sign(id, variant, exp)}`;
  }

  /** 'ok', or why not: an altered or foreign link ('invalid') or one past its time ('expired'). */
  verify(id: string, variant: FileVariant, exp: unknown, sig: unknown, now = Date.now()): 'ok' | 'invalid' | 'expired' {
    if (typeof exp !== 'string' || typeof sig !== 'string' || !/^\d{1,12}$/.test(exp)) return 'invalid';
    const expected = Buffer.from(this.sign(id, variant, Number(exp)));
    const given = Buffer.from(sig);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'invalid';
    return Number(exp) * 1000 > now ? 'ok' : 'expired';
  }

  /** Seconds the link stays valid: how long a browser may cache what it got. */
  secondsLeft(exp: string, now = Date.now()): number {
    return Math.max(0, Math.floor(Number(exp) - now / 1000));
  }

  private sign(id: string, variant: FileVariant, exp: number): string {
    return createHmac('sha256', this.config.linkSecret).update(`${id}\n${variant}\n${exp}`).digest('base64url');
  }
}
