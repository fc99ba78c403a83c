import { WsParamtype } from '@nestjs/websockets/enums/ws-paramtype.enum';
import { Limits } from '@parley/contract';
import { createValidationPipe } from '../../common/validation.pipe';
import { SendMessagePayloadDto } from './send-message.dto';

const pipe = createValidationPipe();
type Answer = { value: unknown } | { details: unknown };

async function answer(input: unknown): Promise<Answer> {
  try {
    return { value: await pipe.transform(input, { type: WsParamtype.PAYLOAD as never, metatype: SendMessagePayloadDto, data: undefined }) };
  } catch (error) {
    return { details: (error as { details?: unknown }).details ?? String(error) };
  }
}

const byHand = answer;

/** What the decorators alone answer: the same DTO with its hand-written check taken away for the call. */
async function byDecorators(input: unknown): Promise<Answer> {
  const check = SendMessagePayloadDto.checkInput;
  Object.defineProperty(SendMessagePayloadDto, 'checkInput', { value: undefined });
  try {
    return await answer(input);
  } finally {
    Object.defineProperty(SendMessagePayloadDto, 'checkInput', { value: check });
  }
}

const U = '0b8f4c1e-5d7a-4c2b-9a51-3f2e6d7c8b90';
const uuids = (n: number) => Array.from({ length: n }, (_, i) => `0b8f4c1e-5d7a-4c2b-9a51-${String(i).padStart(12, '0')}`);
const ABSENT = Symbol('absent');
const pools: Record<string, unknown[]> = {
  conversationId: [ABSENT, U, U.toUpperCase(), '00000000-0000-0000-0000-000000000000', 'x', '', 7, null, {}, [U]],
  body: [
    ABSENT, 'hi', '  hi  ', '', ' \n\t ', 5, null, true, ['a'], { t: 'hi' },
    'x'.repeat(Limits.messageBodyMax), 'x'.repeat(Limits.messageBodyMax + 1), ` ${'x'.repeat(Limits.messageBodyMax)} `,
    // class-validator counts a surrogate pair, and not a variation selector, as one character
    `${'x'.repeat(Limits.messageBodyMax - 1)}😀`, '😀'.repeat(Limits.messageBodyMax), '😀'.repeat(Limits.messageBodyMax + 1), 'e\uFE0F'.repeat(2100),
  ],
  clientMessageId: [ABSENT, 'c1', '-_', '', 'a b', 'ä', 'c'.repeat(Limits.clientMessageIdMax), 'c'.repeat(Limits.clientMessageIdMax + 1), 7, null, ['c1']],
  replyToId: [ABSENT, undefined, null, U, 'x', '', 3, [U]],
  attachmentIds: [
    ABSENT, null, [], [U], [U, U], uuids(2), U, 'x', {}, ['x'], [3], [null], [U, 'x'], [[U]],
    uuids(Limits.attachmentsPerMessageMax), uuids(Limits.attachmentsPerMessageMax + 1), Array(Limits.attachmentsPerMessageMax + 1).fill(U),
  ],
};
const likely: Record<string, unknown> = { conversationId: U, body: 'hi', clientMessageId: 'c1', replyToId: ABSENT, attachmentIds: ABSENT };
const extras: Record<string, unknown>[] = [{}, {}, {}, { senderId: U }, { seq: 1, zed: 2 }, { id: U }];

/** A small deterministic PRNG, so a failure names an input that can be run again. */
function rng(seed: number) {
  return () => ((seed = (seed * 1_103_515_245 + 12_345) >>> 0) / 2 ** 32);
}

function payloads(count: number): Record<string, unknown>[] {
  const next = rng(42);
  const pick = <T>(list: T[]) => list[Math.floor(next() * list.length)];
  return Array.from({ length: count }, () => {
    const fields = Object.entries(pools).flatMap(([key, pool]) => {
      // Mostly the field's valid value, so that many payloads are valid or wrong in one field only.
      const value = next() < 0.6 ? likely[key] : pick(pool);
      return value === ABSENT ? [] : [[key, value] as const];
    });
    const extra = Object.entries(pick(extras));
    return Object.fromEntries(next() < 0.5 ? [...extra, ...fields] : [...fields, ...extra]);
  });
}

describe('message:send checked by hand answers as SendMessagePayloadDto’s decorators do', () => {
  const valid = { conversationId: U, body: '  hi  ', clientMessageId: 'c1' };

  it('accepts a valid send, trimmed, as the decorators do', async () => {
    expect(await byHand(valid)).toEqual({ value: { ...valid, body: 'hi' } });
    expect(await byDecorators(valid)).toEqual({ value: { ...valid, body: 'hi' } });
  });

  it('names the same fields with the same messages, in the same order', async () => {
    expect(await byHand({ zed: 1 })).toEqual({
      details: [
        { field: 'zed', message: 'property zed should not exist' },
        { field: 'conversationId', message: 'must be a conversation id (UUID)' },
        { field: 'body', message: `must be at most ${Limits.messageBodyMax} characters` },
        { field: 'clientMessageId', message: 'may contain only letters, digits, _ and -' },
      ],
    });
  });

  it.each([['a string', 'hi'], ['null', null], ['an array', [valid]], ['a number', 3]])('refuses a payload that is %s, as the decorators do', async (_, input) => {
    expect(await byHand(input)).toEqual(await byDecorators(input));
  });

  it('refuses, unlike the decorators, a field named after an Object.prototype member', async () => {
    // class-validator's whitelist looks fields up in a plain object, where `constructor` or `toString`
    // is found on the prototype and passes as declared: the one difference, on purpose.
    for (const field of ['constructor', 'hasOwnProperty', 'toString']) {
      const input = { ...valid, [field]: 'x' };
      expect(await byHand(input)).toEqual({ details: [{ field, message: `property ${field} should not exist` }] });
      expect(await byDecorators(input)).toHaveProperty('value');
    }
  });

  it('agrees on 3,000 generated payloads, valid and not', async () => {
    const inputs = payloads(3_000);
    let valid = 0;
    for (const input of inputs) {
      const hand = await byHand(input);
      expect({ input, answer: hand }).toEqual({ input, answer: await byDecorators(input) });
      if ('value' in hand) valid += 1;
    }
    // The generated inputs must exercise both answers, or the comparison proves little.
    expect(valid).toBeGreaterThan(200);
    expect(inputs.length - valid).toBeGreaterThan(1_500);
  });
});
