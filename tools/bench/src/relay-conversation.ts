/**
 * The relay is stateless: a conversation id is its members' user ids joined by `~` (`a~b` for 1:1,
 * `a~b~c~…` for a group), so the relay reads who gets a message from the id itself.
 */
const SEPARATOR = '~';

export function relayConversationId(memberIds: string[]): string {
  if (memberIds.some((id) => !id || id.includes(SEPARATOR))) throw new Error(`relay user ids must be non-empty and free of ${SEPARATOR}`);
  return memberIds.join(SEPARATOR);
}

export function relayMembers(conversationId: string): string[] {
  return conversationId.split(SEPARATOR);
}
