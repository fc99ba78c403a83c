import type { Provider } from '@nestjs/common';
import { MembershipService } from '../membership.service';
import { SearchIndex } from '../search/search-index';
import { ChangeStream } from '../stream/change-stream';
import type { NewMessage, WriteOutcome } from './batch-plan';
import { StreamBatchWriter } from './stream-batch-writer';

/** Stores one batch of sends in one transaction, answering each in order. */
export interface BatchWriter {
  write(batch: NewMessage[]): Promise<WriteOutcome[]>;
}

export const BATCH_WRITER = Symbol('BatchWriter');

export const batchWriterProvider: Provider = {
  provide: BATCH_WRITER,
  inject: [ChangeStream, MembershipService, SearchIndex],
  useFactory: (stream: ChangeStream, membership: MembershipService, index: SearchIndex): BatchWriter => new StreamBatchWriter(stream, membership, index),
};
