import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { DomainError } from '../../common/domain-error';
import { isSingleEmoji } from './emoji';

/** `:emoji` arrives URL-decoded by the router: it must be exactly one emoji, else a 400 naming it. */
@Injectable()
export class EmojiParamPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (!isSingleEmoji(value)) throw DomainError.validation([{ field: metadata.data ?? 'emoji', message: 'must be exactly one emoji (URL-encoded)' }]);
    return value;
  }
}
