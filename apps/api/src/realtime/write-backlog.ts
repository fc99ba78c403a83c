import { Inject, Injectable, Optional } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { ErrorCode } from '@parley/contract';
import { DomainError } from '../common/domain-error';
import { DEFAULT_WRITE_QUEUE_MAX, limitsConfig } from '../config/limits.config';

/** A send refused because the queue is full may be retried after about this long. */
const BUSY_RETRY_MS = 1_000;

/**
 * How many sends wait in this process's write queue, and whether it is full (WRITE_QUEUE_MAX). The
 * message writer keeps the count; the socket guard asks `full` before a send is even validated, so
 * past saturation a refusal costs the server almost nothing and what is stored levels off at what
 * the database can take. Its own small provider so that the guard (auth/) needs nothing of chat/.
 */
@Injectable()
export class WriteBacklog {
  waiting = 0;
  private readonly max: number;

  constructor(@Optional() @Inject(limitsConfig.KEY) limits?: ConfigType<typeof limitsConfig>) {
    this.max = limits?.writeQueueMax ?? DEFAULT_WRITE_QUEUE_MAX;
  }

  get full(): boolean {
    return this.waiting >= this.max;
  }

  /** UNAVAILABLE with retryAfterMs: the client's outbox sends it again, here or on another process. */
  static busy(): DomainError {
    const error = new DomainError(ErrorCode.Unavailable, 'The server is busy; please retry');
    error.retryAfterMs = BUSY_RETRY_MS;
    return error;
  }
}
