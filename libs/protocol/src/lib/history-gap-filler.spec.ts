import type { Message, MessagePage } from '@parley/contract';
import { aMessage } from '../testing/factories';
import { HistoryGapFiller } from './history-gap-filler';
import { mergeMessages } from './message-merge';

const message = (seq: number) => aMessage('c1', seq);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => message(from + i));
const page = (items: Message[], hasMore = false): MessagePage => ({ items, hasMore });

/** A client holding one history in memory, with the transport as a mock. */
function setup(initial: Message[], reachesStart = true, maxPages?: number) {
  const held = new Map<string, Message[]>([['c1', initial]]);
  const fetchAfter = vi.fn<(id: string, after: number, limit: number) => Promise<MessagePage>>();
  const filler = new HistoryGapFiller({
    fetchAfter,
    read: (id) => (held.has(id) ? { messages: held.get(id)!, reachesStart } : undefined),
    apply: (id, items) => held.set(id, mergeMessages(held.get(id) ?? [], items)),
    pageLimit: 3,
    maxPages,
  });
  const receive = (m: Message) => held.set('c1', mergeMessages(held.get('c1')!, [m]));
  const seqs = () => held.get('c1')?.map((m) => m.seq);
  return { held, fetchAfter, filler, receive, seqs };
}

describe('HistoryGapFiller', () => {
  it('fetches after the last contiguous seq, page by page while the server has more', async () => {
    const { fetchAfter, filler, seqs } = setup([message(1), message(2), message(7)]);
    fetchAfter.mockResolvedValueOnce(page(range(3, 5), true)).mockResolvedValueOnce(page(range(6, 7)));
    expect(filler.holeIn('c1')).toBe(true);
    await filler.fill('c1');
    expect(fetchAfter.mock.calls).toEqual([
      ['c1', 2, 3],
      ['c1', 5, 3],
    ]);
    expect(seqs()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(filler.holeIn('c1')).toBe(false);
  });

  it('fetches from the start when a complete history does not begin at seq 1', async () => {
    const { fetchAfter, filler, seqs } = setup([message(3)]);
    fetchAfter.mockResolvedValueOnce(page(range(1, 3)));
    await filler.fillHole('c1');
    expect(fetchAfter).toHaveBeenCalledWith('c1', 0, 3);
    expect(seqs()).toEqual([1, 2, 3]);
  });

  it('does nothing for fillHole when nothing is missing, and stops for a history that is not held', async () => {
    const { fetchAfter, filler } = setup(range(1, 3));
    await filler.fillHole('c1');
    await filler.fill('c9');
    expect(fetchAfter).not.toHaveBeenCalled();
  });

  it('coalesces concurrent calls: one request at a time, one more round for a hole opened meanwhile', async () => {
    const { fetchAfter, filler, receive, seqs } = setup(range(1, 2));
    let answer!: (value: MessagePage) => void;
    fetchAfter.mockReturnValueOnce(new Promise((resolve) => (answer = resolve)));
    receive(message(5));
    const first = filler.fill('c1');
    receive(message(8)); // a new hole, after the request above went out
    const second = filler.fill('c1');
    expect(second).toBe(first);
    expect(fetchAfter).toHaveBeenCalledTimes(1);
    fetchAfter.mockResolvedValueOnce(page(range(6, 8)));
    answer(page(range(3, 5)));
    await first;
    expect(fetchAfter.mock.calls.map((c) => c[1])).toEqual([2, 5]);
    expect(seqs()).toEqual(range(1, 8).map((m) => m.seq));
  });

  it('does not go round again when the extra call found nothing missing any more', async () => {
    const { fetchAfter, filler } = setup([message(1), message(3)]);
    fetchAfter.mockResolvedValueOnce(page(range(2, 3)));
    const first = filler.fill('c1');
    void filler.fill('c1');
    await first;
    expect(fetchAfter).toHaveBeenCalledTimes(1);
  });

  it('stops after maxPages, and on an empty page that claims more', async () => {
    const bounded = setup([message(1)], true, 2);
    bounded.fetchAfter.mockImplementation(async (_id, after) => page([message(after + 1)], true));
    await bounded.filler.fill('c1');
    expect(bounded.fetchAfter).toHaveBeenCalledTimes(2);

    const empty = setup([message(1), message(4)]);
    empty.fetchAfter.mockResolvedValue(page([], true));
    await empty.filler.fill('c1');
    expect(empty.fetchAfter).toHaveBeenCalledTimes(1);
  });

  it('rejects when a request fails, and the next call starts a fresh run', async () => {
    const { fetchAfter, filler, seqs } = setup([message(1), message(3)]);
    fetchAfter.mockRejectedValueOnce(new Error('offline'));
    await expect(filler.fill('c1')).rejects.toThrow('offline');
    fetchAfter.mockResolvedValueOnce(page([message(2)]));
    await filler.fill('c1');
    expect(seqs()).toEqual([1, 2, 3]);
  });
});
