import { ArgumentMetadata, ValidationPipe } from '@nestjs/common';
import { WsParamtype } from '@nestjs/websockets/enums/ws-paramtype.enum';
import type { ValidationError } from 'class-validator';
import { FieldError } from '@parley/contract';
import { DomainError } from './domain-error';
import { hasLoneSurrogate } from './json-depth';

/**
 * Validates DTOs for REST and socket events alike: unknown fields are refused, and every failure
 * names its field and the rule it broke.
 */
export function createValidationPipe(): ValidationPipe {
  return new ObjectValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    // Query strings are strings: DTOs convert explicitly with @Type, never implicitly.
    transformOptions: { enableImplicitConversion: false },
    stopAtFirstError: true,
    exceptionFactory: (errors) => DomainError.validation(toFieldErrors(errors)),
  });
}

/** A DTO-typed body or socket payload must be an object; a string, number, array or null is refused up front. */
class ObjectValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // A socket event's @MessageBody() arrives as WsParamtype.PAYLOAD, not 'body'.
    const isPayload = metadata.type === 'body' || (metadata.type as unknown) === WsParamtype.PAYLOAD;
    const expectsObject = isPayload && typeof metadata.metatype === 'function' && metadata.metatype !== Object;
    if (expectsObject && (typeof value !== 'object' || value === null || Array.isArray(value))) {
      throw DomainError.validation([{ field: 'body', message: 'must be a JSON object' }]);
    }
    // Only what the client sent: Nest also runs pipes on @ConnectedSocket(), which is no input.
    const isInput = isPayload || metadata.type === 'query' || metadata.type === 'param';
    const withNul = isInput ? findNulCharacter(value) : undefined;
    if (withNul !== undefined) {
      throw DomainError.validation([{ field: withNul || metadata.data || 'body', message: 'must not contain NUL characters' }]);
    }
    const withSurrogate = isInput ? findString(value, hasLoneSurrogate) : undefined;
    if (withSurrogate !== undefined) {
      throw DomainError.validation([{ field: withSurrogate || metadata.data || 'body', message: 'must not contain unpaired UTF-16 surrogates' }]);
    }
    const checkInput = isPayload ? (metadata.metatype as Partial<HandChecked> | undefined)?.checkInput : undefined;
    if (checkInput) return checkInput(value as Record<string, unknown>);
    return super.transform(value, metadata);
  }
}

/**
 * A DTO on a hot path (a socket send) may carry a hand-written check of its decorators' rules: it
 * answers as they would (the DTO's parity spec holds it to that) and throws DomainError.validation.
 */
export interface HandChecked {
  checkInput(input: Record<string, unknown>): unknown;
}

/**
 * The path of the first string holding U+0000, or undefined. PostgreSQL cannot store NUL in text,
 * so it is refused for every input, whichever database is behind.
 */
export function findNulCharacter(value: unknown): string | undefined {
  return findString(value, (s) => s.includes('\u0000'));
}

/** The path of the first string (in plain data, at most 8 levels down) that `test` picks, or undefined. */
export function findString(value: unknown, test: (s: string) => boolean, path = '', depth = 0): string | undefined {
  if (typeof value === 'string') return test(value) ? path : undefined;
  if (!isPlainData(value) || depth > 8) return undefined;
  for (const [key, child] of Object.entries(value)) {
    const found = findString(child, test, path ? `${path}.${key}` : key, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

function isPlainData(value: unknown): value is object {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return Array.isArray(value) || proto === Object.prototype || proto === null;
}

export function toFieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = error.property ? (parent ? `${parent}.${error.property}` : error.property) : parent || 'body';
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message: fieldless(message, error.property) }));
    return [...own, ...toFieldErrors(error.children ?? [], field)];
  });
}

/** class-validator messages start with the property name; the field is reported separately. */
function fieldless(message: string, property: string): string {
  if (message.startsWith('an unknown value was passed')) return 'must be a JSON object';
  return property && message.startsWith(`${property} `) ? message.slice(property.length + 1) : message;
}
