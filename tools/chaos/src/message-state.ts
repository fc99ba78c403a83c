import type { Message } from '@parley/contract';
import { messageAt } from '@parley/protocol';
import type { DeviceRecord } from './verify';

/** What a device must agree with the server on, for every message it shows. */
export const STATE_FIELDS = ['body', 'version', 'editedAt', 'deletedAt', 'reactions', 'replyTo'] as const;

export interface MessageStateVerdict {
  /** (device, message) pairs compared. */
  checked: number;
  mismatches: number;
  /** In the fresh fetch: what the actions left behind, so a pass cannot come from a run that did none. */
  edited: number;
  deleted: number;
  withReactions: number;
  replies: number;
  failures: string[];
}

/** Every member's histories, fetched fresh after the run: conversation id → messages in seq order. */
export type FreshHistories = Map<string, Message[]>;

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Every device's final view of every message of every conversation it lists equals a fresh fetch:
 * body, version, editedAt, deletedAt, reactions (emoji order and who) and the reply preview. Holding
 * each message at all is the delivery check's business (verify.ts); this one is about its state.
 */
export function verifyMessageStates(devices: readonly Pick<DeviceRecord, 'name' | 'conversations' | 'historyOf'>[], fresh: FreshHistories): MessageStateVerdict {
  const verdict: MessageStateVerdict = { checked: 0, mismatches: 0, edited: 0, deleted: 0, withReactions: 0, replies: 0, failures: [] };
  for (const messages of fresh.values()) {
    for (const m of messages) {
      if (m.editedAt && !m.deletedAt) verdict.edited++;
      if (m.deletedAt) verdict.deleted++;
      if (m.reactions.length) verdict.withReactions++;
      if (m.replyTo) verdict.replies++;
    }
  }
  for (const device of devices) {
    for (const conversation of device.conversations) {
      const truth = fresh.get(conversation.id);
      if (!truth) continue;
      const held = device.historyOf(conversation.id);
      for (const m of truth) {
        const have = messageAt(held, m.seq);
        if (!have || have.id !== m.id) continue;
        verdict.checked++;
        const differs = STATE_FIELDS.filter((field) => !same(have[field], m[field]));
        if (!differs.length) continue;
        verdict.mismatches++;
        if (verdict.failures.length < 15) {
          const detail = differs.map((f) => `${f}: ${JSON.stringify(have[f])} vs ${JSON.stringify(m[f])}`).join('; ');
          verdict.failures.push(`message state: ${device.name} ${conversation.id}#${m.seq} (v${have.version} held, v${m.version} stored) ${detail}`);
        }
      }
    }
  }
  return verdict;
}
