import { Injectable, PipeTransform, ArgumentMetadata } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { DomainError } from './domain-error';

/** Path ids must be UUIDs: anything else is a 400 naming the parameter, not a lookup. */
@Injectable()
export class UuidParamPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (!isUUID(value)) throw DomainError.validation([{ field: metadata.data ?? 'id', message: 'must be a UUID' }]);
    return value;
  }
}
