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
    const unstorable = isInput ? findUnstorableString(value) : undefined;
    if (unstorable) throw DomainError.validation([{ field: unstorable.path || metadata.data || 'body', message: unstorable.problem }]);
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

/** Why no database may store this string, or undefined. */
function unstorable(text: string): string | undefined {
  // PostgreSQL cannot store NUL in text: refused for every input, whichever database is behind.
  if (text.includes('\u0000')) return 'must not contain NUL characters';
  if (hasLoneSurrogate(text)) return 'must not contain unpaired UTF-16 surrogates';
  return undefined;
}

/**
 * The first string (in plain data, at most 8 levels down) that cannot be stored, with its path and
 * why, or undefined: one walk of the input finds either problem.
 */
export function findUnstorableString(value: unknown, path = '', depth = 0): { path: string; problem: string } | undefined {
  if (typeof value === 'string') {
    const problem = unstorable(value);
    return problem ? { path, problem } : undefined;
  }
  if (!isPlainData(value) || depth > 8) return undefined;
  for (const [key, child] of Object.entries(value)) {
    const found = findUnstorableString(child, path ? `${path}.${key}` : key, depth + 1);
    if (found) return found;
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
