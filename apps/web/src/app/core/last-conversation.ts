import { readStored, writeStored } from './per-user-storage';

const key = (userId: string) => `parley.lastConversation.${userId}`;
const isId = (value: unknown): value is string => typeof value === 'string' && /^[0-9a-f-]{36}$/i.test(value);

/** The conversation a person last had open, so logging in again lands there (as Slack does). */
export const lastConversation = {
  get: (userId: string): string | null => readStored(key(userId), isId),
  set: (userId: string, conversationId: string | null): void => writeStored(key(userId), conversationId),
};
