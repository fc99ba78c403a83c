import { describe, expect, it } from 'vitest';
import { PhaseRecorder } from './phase-recorder';
import type { Message } from '@parley/contract';

const ok = { ok: true as const, message: {} as Message };

describe('PhaseRecorder in a group', () => {
  it('counts a message delivered once every recipient has it, and times every recipient\'s copy', () => {
    const recorder = new PhaseRecorder('open', 100, 3);
    recorder.sending('m1', 0);
    recorder.acknowledged('m1', ok, 1);
    recorder.deliveredToRecipient('m1', 0, 2);
    recorder.deliveredToRecipient('m1', 2, 4);
    expect(recorder.settled).toBe(false);
    recorder.deliveredToRecipient('m1', 1, 6);
    expect(recorder.settled).toBe(true);
    const result = recorder.finish(1, 0, 0);
    expect(result).toMatchObject({ rate: 100, sent: 1, acked: 1, delivered: 1, deliveries: 3, duplicates: 0, errorCount: 0 });
    expect(result.deliveryMs).toMatchObject({ count: 3, p50: 4, max: 6 });
  });

  it('a message one recipient missed is undelivered, and a second copy to one recipient is a duplicate', () => {
    const recorder = new PhaseRecorder('open', 100, 2);
    recorder.sending('m1', 0);
    recorder.acknowledged('m1', ok, 1);
    recorder.deliveredToRecipient('m1', 0, 2);
    recorder.deliveredToRecipient('m1', 0, 3);
    const result = recorder.finish(1, 0, 0);
    expect(result).toMatchObject({ delivered: 0, deliveries: 1, duplicates: 1, errorCount: 1 });
    expect(result.errors.undelivered).toBe(1);
  });

  it('1:1 is one recipient, as before', () => {
    const recorder = new PhaseRecorder('closed', 0);
    recorder.sending('m1', 0);
    recorder.acknowledged('m1', ok, 1);
    recorder.deliveredToRecipient('m1', 0, 2);
    expect(recorder.finish(1, 0, 0)).toMatchObject({ delivered: 1, deliveries: 1, errorCount: 0 });
    expect(() => new PhaseRecorder('open', 1, 32)).toThrow(/recipients/);
  });
});
