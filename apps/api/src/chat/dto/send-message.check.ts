import { Limits, type FieldError, type SendMessagePayload } from '@parley/contract';
import { arrayMaxSize, arrayMinSize, arrayUnique, isUUID, length, matches, maxLength } from 'class-validator';
import { DomainError } from '../../common/domain-error';
import { trim } from '../../common/trim';

/** A message says something: a body, or files (then the body, trimmed, may be empty). */
export function saysSomething(body: unknown, attachmentIds: unknown): boolean {
  return body !== '' || (Array.isArray(attachmentIds) && attachmentIds.length > 0);
}

export const BODY_OR_ATTACHMENTS = 'must not be empty unless the message carries attachments';

/**
 * `message:send` checked by hand: the same rules, predicates and messages as SendMessagePayloadDto's
 * decorators, in the order class-validator applies them (unknown fields first; then each field's
 * decorators from the bottom up, the first failure only), without class-transformer and
 * class-validator's per-call metadata walk — about 60 µs of every socket send. The DTO's parity spec
 * runs both on the same inputs and expects the same answers, with one difference on purpose: a field
 * named after an Object.prototype member (`constructor`, `toString`) is refused here like any unknown field, where
 * class-validator's whitelist finds it on the prototype and lets it through.
 */
export function checkSendMessagePayload(input: Record<string, unknown>): SendMessagePayload {
  const errors: FieldError[] = [];
  const fail = (field: string, message: string) => errors.push({ field, message });
  for (const field of Object.keys(input)) {
    if (!FIELDS.has(field)) fail(field, `property ${field} should not exist`);
  }
  // The DTO's own @Transform(trim), applied before its checks as class-transformer would.
  const body = trim({ value: input['body'] });
  const { conversationId, clientMessageId, replyToId, attachmentIds } = input;

  if (!isUUID(conversationId, 'all')) fail('conversationId', 'must be a conversation id (UUID)');

  if (!maxLength(body, Limits.messageBodyMax)) fail('body', `must be at most ${Limits.messageBodyMax} characters`);
  else if (!saysSomething(body, attachmentIds)) fail('body', BODY_OR_ATTACHMENTS);

  // class-validator's predicates check the type themselves (a number is not a match), hence the casts.
  if (!matches(clientMessageId as string, Limits.clientMessageIdPattern)) fail('clientMessageId', 'may contain only letters, digits, _ and -');
  else if (!length(clientMessageId, 1, Limits.clientMessageIdMax)) fail('clientMessageId', `must be 1 to ${Limits.clientMessageIdMax} characters`);

  if (replyToId !== undefined && replyToId !== null && !isUUID(replyToId, 'all')) fail('replyToId', 'must be a message id (UUID)');

  if (attachmentIds !== undefined && attachmentIds !== null) {
    const ids = Array.isArray(attachmentIds) ? attachmentIds : [attachmentIds];
    if (!ids.every((id) => isUUID(id, 'all'))) fail('attachmentIds', 'must hold upload ids (UUIDs)');
    else if (!arrayUnique(attachmentIds as unknown[])) fail('attachmentIds', 'must not name an upload twice');
    else if (!arrayMaxSize(attachmentIds, Limits.attachmentsPerMessageMax)) {
      fail('attachmentIds', `must hold at most ${Limits.attachmentsPerMessageMax} upload ids`);
    } else if (!arrayMinSize(attachmentIds, 1)) fail('attachmentIds', 'must hold at least 1 upload id (leave it out for none)');
  }

  if (errors.length) throw DomainError.validation(errors);
  return { ...input, body } as unknown as SendMessagePayload;
}

const FIELDS = new Set<string>(['conversationId', 'body', 'clientMessageId', 'replyToId', 'attachmentIds'] satisfies (keyof SendMessagePayload)[]);
