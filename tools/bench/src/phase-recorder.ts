import type { SendMessageAck } from '@parley/contract';
import type { PhaseErrors, PhaseName, PhaseResult } from './bench-types';
import { summarize } from './stats';

interface InFlight {
  sentAt: number;
  acked: boolean;
  /** Bit k: recipient k of the conversation got it; delivered once every bit is set. */
  deliveredTo: number;
}

/** Recipients per message are bits of a number: a 32-bit mask, far above the bench's group sizes. */
export const MAX_RECIPIENTS = 31;

/**
 * Tracks one phase's messages by clientMessageId: send time, ack, delivery to each recipient (a
 * message is delivered once every recipient has it; the latency is recorded per recipient). All
 * times come from this process's `performance.now()`, so delivery latency needs no clock sync.
 */
export class PhaseRecorder {
  private readonly open = new Map<string, InFlight>();
  private readonly ackMs: number[] = [];
  private readonly deliveryMs: number[] = [];
  private readonly errors: PhaseErrors = { ackErrors: {}, ackTimeouts: 0, undelivered: 0, disconnects: 0 };
  private sent = 0;
  private acked = 0;
  private delivered = 0;
  private deliveries = 0;
  private duplicates = 0;
  /** Acks and deliveries that arrived while messages were still being sent: the achieved throughput. */
  private ackedInWindow = 0;
  private deliveredInWindow = 0;
  private windowClosed = false;

  private readonly everyone: number;

  /** `rate`: the offered open-loop rate (0 for the closed loop); `recipients` per message. */
  constructor(
    readonly phase: PhaseName,
    readonly rate: number,
    recipients = 1,
  ) {
    if (recipients < 1 || recipients > MAX_RECIPIENTS) throw new Error(`recipients per message must be 1-${MAX_RECIPIENTS}`);
    this.everyone = 2 ** recipients - 1;
  }

  sending(id: string, now: number): void {
    this.sent++;
    this.open.set(id, { sentAt: now, acked: false, deliveredTo: 0 });
  }

  /** `ack` is null when the ack timed out. */
  acknowledged(id: string, ack: SendMessageAck | null, now: number): void {
    const entry = this.open.get(id);
    if (!entry || entry.acked) return;
    entry.acked = true;
    if (!ack) this.errors.ackTimeouts++;
    else if (!ack.ok) this.errors.ackErrors[ack.error.code] = (this.errors.ackErrors[ack.error.code] ?? 0) + 1;
    else {
      this.acked++;
      if (!this.windowClosed) this.ackedInWindow++;
      this.ackMs.push(now - entry.sentAt);
    }
    this.settle(id, entry);
  }

  /** `recipient`: the recipient's index in its conversation (0 for 1:1). */
  deliveredToRecipient(id: string, recipient: number, now: number): void {
    const entry = this.open.get(id);
    if (!entry) return;
    const bit = 2 ** recipient;
    if (entry.deliveredTo & bit) return void this.duplicates++;
    entry.deliveredTo |= bit;
    this.deliveries++;
    this.deliveryMs.push(now - entry.sentAt);
    if (!this.isDelivered(entry)) return;
    this.delivered++;
    if (!this.windowClosed) this.deliveredInWindow++;
    this.settle(id, entry);
  }

  disconnected(): void {
    this.errors.disconnects++;
  }

  closeWindow(): void {
    this.windowClosed = true;
  }

  get settled(): boolean {
    return this.open.size === 0;
  }

  /** Whatever is still open now was never acked or never delivered. */
  finish(seconds: number, clientCpuPct: number, maxScheduleLagMs: number): PhaseResult {
    for (const entry of this.open.values()) {
      if (!entry.acked) this.errors.ackTimeouts++;
      if (!this.isDelivered(entry)) this.errors.undelivered++;
    }
    this.open.clear();
    const e = this.errors;
    const errorCount = Object.values(e.ackErrors).reduce((a, b) => a + b, 0) + e.ackTimeouts + e.undelivered + e.disconnects;
    return {
      phase: this.phase,
      seconds,
      rate: this.rate,
      sent: this.sent,
      acked: this.acked,
      delivered: this.delivered,
      deliveries: this.deliveries,
      duplicates: this.duplicates,
      ackMs: summarize(this.ackMs),
      deliveryMs: summarize(this.deliveryMs),
      ackedPerS: Math.round(this.ackedInWindow / seconds),
      deliveredPerS: Math.round(this.deliveredInWindow / seconds),
      errors: e,
      errorCount,
      clientCpuPct: Math.round(clientCpuPct),
      maxScheduleLagMs: Math.round(maxScheduleLagMs),
    };
  }

  private isDelivered(entry: InFlight): boolean {
    return entry.deliveredTo === this.everyone;
  }

  private settle(id: string, entry: InFlight): void {
    if (entry.acked && this.isDelivered(entry)) this.open.delete(id);
  }
}
