import { aConversation, aMessage, aSyncPage, aUser } from '../testing/factories';
import { applySyncPage, type SyncPageSink } from './sync-page';

describe('applySyncPage', () => {
  it('removes, then upserts, then ingests the messages in stream order', () => {
    const calls: string[] = [];
    const sink: SyncPageSink = {
      removeConversations: (ids) => calls.push(`remove ${ids.join(',')}`),
      upsertConversation: (c) => calls.push(`upsert ${c.id}`),
      ingestMessages: (ms) => calls.push(`ingest ${ms.map((m) => `${m.conversationId}#${m.seq}`).join(',')}`),
    };
    const people = [aUser('me'), aUser('bob'), aUser('carol')];
    applySyncPage(
      aSyncPage({
        removedConversationIds: ['g9', 'g1'],
        conversations: [aConversation('g1', people), aConversation('g2', people)],
        messages: [aMessage('g2', 4), aMessage('g1', 7), aMessage('g2', 5)],
      }),
      sink,
    );
    expect(calls).toEqual(['remove g9,g1', 'upsert g1', 'upsert g2', 'ingest g2#4,g1#7,g2#5']);
  });

  it('skips the empty parts', () => {
    const sink = { removeConversations: vi.fn(), upsertConversation: vi.fn(), ingestMessages: vi.fn() };
    applySyncPage(aSyncPage(), sink);
    expect(sink.removeConversations).not.toHaveBeenCalled();
    expect(sink.upsertConversation).not.toHaveBeenCalled();
    expect(sink.ingestMessages).not.toHaveBeenCalled();
  });
});
