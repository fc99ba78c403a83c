import { Conversation, User } from '@parley/contract';

/** The other person of a direct conversation (myself in a note-to-self, should one exist). */
export function otherMember(conversation: Conversation, me: string | undefined): User | null {
  return conversation.members.find((m) => m.id !== me) ?? conversation.members[0] ?? null;
}

/** What a conversation is called: a group's title, or the other person's name. */
export function conversationName(conversation: Conversation, me: string | undefined): string {
  if (conversation.kind === 'group') return conversation.title ?? 'Group';
  return conversation.title ?? otherMember(conversation, me)?.displayName ?? 'Conversation';
}

/** Initials and colour: a group's from its title and id, a direct conversation's from the other person. */
export function conversationAvatar(conversation: Conversation, me: string | undefined): { name: string; seed: string } {
  if (conversation.kind === 'group') return { name: conversation.title ?? 'Group', seed: conversation.id };
  const other = otherMember(conversation, me);
  return { name: other?.displayName ?? '?', seed: other?.id ?? conversation.id };
}
