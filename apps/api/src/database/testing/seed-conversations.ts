import { randomUUID } from 'node:crypto';
import type { SqlExecutor } from '../sql/executor';
import { join, sql, type Work } from '../sql/statement';

const USERS = 40;
const CONVERSATIONS = 200;
const MESSAGES_PER_CONVERSATION = 150;

export interface SeededMessage {
  id: string;
  pos: number;
  body: string;
}

export interface SeededConversation {
  id: string;
  /** The sender of every message in it, and the other member. */
  senderId: string;
  otherId: string;
  messages: SeededMessage[];
}

/**
 * For the query-plan specs: 40 users in 200 direct conversations of 150 messages each (30 000), written
 * directly and consistently with the server (one stream counter, changePos, searchKey), then ANALYZEd so
 * the planners see a table that is not tiny. `more` adds rows per conversation in the same transaction.
 */
export async function seedDirectConversations(
  db: SqlExecutor,
  analyse: () => Promise<unknown>,
  { body = () => 'hello', more }: { body?: (pos: number) => string; more?: (conversation: SeededConversation) => Work<void> } = {},
): Promise<{ users: string[] }> {
  const users = Array.from({ length: USERS }, () => randomUUID());
  const now = new Date();
  let pos = 0;
  await db.transaction(function* () {
    yield sql`INSERT INTO "users" ("id", "username", "displayName", "displayNameLower", "passwordHash", "createdAt") VALUES ${join(
      users.map((id, i) => sql`(${id}, ${`user${i}`}, ${`User ${i}`}, ${`user ${i}`}, ${'x'}, ${now})`),
    )}`;
    for (let c = 0; c < CONVERSATIONS; c++) {
      const id = randomUUID();
      const [a, b] = [users[c % USERS], users[(c * 7 + 1) % USERS]];
      yield sql`INSERT INTO "conversations" ("id", "kind", "title", "lastSeq", "createdAt", "updatedAt", "createdBy", "changePos", "membersVersion")
                VALUES (${id}, ${'direct'}, NULL, ${MESSAGES_PER_CONVERSATION}, ${now}, ${now}, ${a}, ${pos + MESSAGES_PER_CONVERSATION}, 1)`;
      yield sql`INSERT INTO "conversation_members" ("conversationId", "userId", "lastReadSeq", "joinedAt") VALUES (${id}, ${a}, 0, ${now}), (${id}, ${b}, 0, ${now})`;
      const messages = Array.from({ length: MESSAGES_PER_CONVERSATION }, () => {
        pos += 1;
        return { id: randomUUID(), pos, body: body(pos) };
      });
      yield sql`INSERT INTO "messages" ("id", "conversationId", "senderId", "body", "clientMessageId", "seq", "pos", "searchKey", "createdAt") VALUES ${join(
        messages.map((m, i) => sql`(${m.id}, ${id}, ${a}, ${m.body}, ${randomUUID()}, ${i + 1}, ${m.pos}, ${m.pos}, ${now})`),
      )}`;
      if (more) yield* more({ id, senderId: a, otherId: b, messages });
    }
    yield sql`UPDATE "stream_counter" SET "value" = ${pos} WHERE "id" = 1`;
    return undefined;
  });
  await analyse();
  return { users };
}

export const SEEDED = { users: USERS, conversations: CONVERSATIONS, messagesPerConversation: MESSAGES_PER_CONVERSATION } as const;
