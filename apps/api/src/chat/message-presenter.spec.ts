import { MessageKind } from '@parley/contract';
import { describe, expect, it } from 'vitest';
import type { ReadPath, SqlExecutor } from '../database/sql/executor';
import type { Statement } from '../database/sql/statement';
import { AttachmentPresenter } from '../uploads/attachment-presenter';
import { UploadLinks } from '../uploads/upload-links';
import { MessagePresenter, PRESENT_ON_MAIN_MAX } from './message-presenter';
import type { MessageEntity } from './message.entity';

/** An executor that answers every read with no rows and records which of its two read paths was asked. */
function recordingExecutor() {
  const calls: Array<{ via: ReadPath; text: string }> = [];
  const read = (via: ReadPath) => (statement: Statement) => {
    calls.push({ via, text: statement.text });
    return Promise.resolve([]);
  };
  const db = { dialect: 'sqlite', lookup: read('lookup'), all: read('all') } as unknown as SqlExecutor;
  return { db, calls };
}

const message = (i: number): MessageEntity => ({
  id: `m-${i}`, conversationId: 'c', senderId: 'u', body: `hello ${i}`, clientMessageId: `k-${i}`, seq: i, pos: i,
  kind: MessageKind.Text, system: null, version: 1, createdAt: new Date(0), editedAt: null, deletedAt: null,
  replyToId: i > 1 ? `m-${i - 1}` : null, searchKey: i,
});

describe('MessagePresenter', () => {
  const presenterOn = (db: SqlExecutor) => new MessagePresenter(db, new AttachmentPresenter(db, new UploadLinks({ linkTtlSeconds: 60, linkSecret: Buffer.from('k') } as never)));

  it.each([
    [1, 'lookup'],
    [PRESENT_ON_MAIN_MAX, 'lookup'],
    [PRESENT_ON_MAIN_MAX + 1, 'all'],
    [500, 'all'],
  ] as const)('completes a page of %i messages with its three reads through `%s`', async (n, via) => {
    const { db, calls } = recordingExecutor();
    const page = Array.from({ length: n }, (_, i) => message(i + 1));
    const presented = await presenterOn(db).present(page);
    expect(presented.map((m) => m.id)).toEqual(page.map((m) => m.id));
    const expected = n > 1 ? 3 : 2; // the first message answers nothing: no reply previews to read
    expect(calls).toHaveLength(expected);
    expect(calls.every((call) => call.via === via), JSON.stringify(calls.map((c) => c.via))).toBe(true);
  });
});
