import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { authConfig } from '../config/auth.config';
import { RedisConnection } from '../redis/redis.module';

const POLL_MS = 50;
const WAIT_FOR_SUCCESSOR_MS = 3_000;

/**
 * Remembers, for REFRESH_REUSE_GRACE_SECONDS, which refresh token replaced which, so that a second
 * refresh of one token at once (two tabs, a retried request) gets the same successor instead of
 * counting as a replay. The successor is stored sealed with a key derived from the token it
 * replaces: only someone holding that token can read it, the store (Redis) cannot. In Redis when
 * configured, so the two requests may reach different processes.
 */
@Injectable()
export class RefreshGrace {
  private readonly local = new Map<string, { sealed: string; until: number }>();

  constructor(
    private readonly redis: RedisConnection,
    @Inject(authConfig.KEY) private readonly config: ConfigType<typeof authConfig>,
  ) {}

  get windowMs(): number {
    return this.config.refreshReuseGraceSeconds * 1000;
  }

  async remember(oldToken: string, successor: string): Promise<void> {
    if (this.windowMs <= 0) return;
    const key = slot(oldToken);
    const sealed = seal(oldToken, successor);
    const redis = this.redis.client;
    if (redis?.status === 'ready') {
      try {
        await redis.set(key, sealed, 'PX', this.windowMs);
        return;
      } catch {
        // fall back to this process
      }
    }
    const now = Date.now();
    for (const [k, entry] of this.local) if (entry.until <= now) this.local.delete(k);
    this.local.set(key, { sealed, until: now + this.windowMs });
  }

  /** The successor of `oldToken` if it was rotated within the window; waits briefly for a rotation still being written. */
  async successorOf(oldToken: string): Promise<string | null> {
    const deadline = Date.now() + WAIT_FOR_SUCCESSOR_MS;
    for (;;) {
      const sealed = await this.read(slot(oldToken));
      if (sealed) return unseal(oldToken, sealed);
      if (Date.now() >= deadline) return null;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  private async read(key: string): Promise<string | null> {
    const redis = this.redis.client;
    if (redis?.status === 'ready') {
      try {
        const value = await redis.get(key);
        if (value) return value;
      } catch {
        // fall through to this process
      }
    }
    const entry = this.local.get(key);
    return entry && entry.until > Date.now() ? entry.sealed : null;
  }
}

function slot(token: string): string {
  return `parley:refresh-grace:${createHash('sha256').update(`slot:${token}`).digest('hex')}`;
}

function keyOf(token: string): Buffer {
  return createHash('sha256').update(`seal:${token}`).digest();
}

function seal(token: string, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(token), iv);
  const data = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), data]).toString('base64url');
}

function unseal(token: string, sealed: string): string | null {
  try {
    const raw = Buffer.from(sealed, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', keyOf(token), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}
