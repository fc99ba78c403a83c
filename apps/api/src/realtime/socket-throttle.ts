import { Injectable } from '@nestjs/common';
import { takeToken, type BucketRule, type BucketState, type TakeResult } from '../rate-limit/token-bucket';
import type { ParleySocket } from './realtime.types';

/** A named per-socket bucket (the name keeps one event's budget apart from another's). */
export interface SocketBucketRule extends BucketRule {
  name: string;
}

/**
 * Per-socket token buckets for cheap events (typing, presence status) that are dropped, not queued,
 * when a client sends too many. The state lives with the socket (a WeakMap entry) and goes with it;
 * nothing is shared across processes because a socket lives on one process.
 */
@Injectable()
export class SocketThrottle {
  private readonly buckets = new WeakMap<ParleySocket, Map<string, BucketState>>();

  take(socket: ParleySocket, rule: SocketBucketRule, now = Date.now()): TakeResult {
    let mine = this.buckets.get(socket);
    if (!mine) this.buckets.set(socket, (mine = new Map()));
    const { state, result } = takeToken(mine.get(rule.name), rule, now);
    mine.set(rule.name, state);
    return result;
  }
}
