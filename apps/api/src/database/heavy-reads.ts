import { Inject, Injectable, Optional } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { Slots } from '../common/slots';
import { DEFAULT_HEAVY_READS_AT_ONCE, limitsConfig } from '../config/limits.config';

/**
 * The reads that can return hundreds of rows (a sync page, a search) run HEAVY_READS_AT_ONCE at a
 * time per process; the others wait their turn before any of their work starts. Twenty clients
 * looping on sync otherwise keep twenty pages in flight, and every step of a cheap request waits
 * behind a step of each of them on the event loop (measured at 500k messages: `users/me` p99 115 ms
 * with 20 in flight, 38 ms with 2), while the pages themselves come out no slower: the process can
 * only present and serialize so many at once anyway, and on SQLite two reader threads run them.
 */
@Injectable()
export class HeavyReads {
  private readonly slots: Slots;

  constructor(@Optional() @Inject(limitsConfig.KEY) limits?: ConfigType<typeof limitsConfig>) {
    this.slots = new Slots(limits?.heavyReadsAtOnce ?? DEFAULT_HEAVY_READS_AT_ONCE);
  }

  run<T>(read: () => Promise<T>): Promise<T> {
    return this.slots.run(read);
  }

  /** Heavy reads waiting for their turn (the metrics gauge). */
  get waiting(): number {
    return this.slots.queued;
  }
}
