import { Conversation, Message } from '@parley/contract';
import { conversationName } from '../model/conversation-display';
import { attachmentsText, NameOf, previewText } from '../model/system-text';

export interface NotifyContext {
  me: string;
  /** The conversation the message belongs to, as held (undefined: not known). */
  conversation: Conversation | undefined;
  /** The conversation on screen, if any. */
  openConversationId: string | null;
  /** The tab is visible and focused. */
  attentive: boolean;
  /** Another tab of this browser shows this conversation to someone looking at it. */
  lookedAtElsewhere?: boolean;
}

/** A system line I did, or that names me ("Alice added you", "You left"): never a notification. */
function aboutMe(message: Message, me: string): boolean {
  const event = message.system;
  return !!event && (event.actorId === me || (event.userIds ?? []).includes(me));
}

/**
 * Whether a message that just arrived live deserves a notification: someone else's, in a conversation
 * that is not muted and not in front of me (another one is open, or the tab is hidden or unfocused, and
 * no other tab of this browser shows it to me).
 */
export function shouldNotify(message: Message, { me, conversation, openConversationId, attentive, lookedAtElsewhere = false }: NotifyContext): boolean {
  if (!conversation || conversation.muted) return false;
  if (message.senderId === me || message.deletedAt) return false;
  if (message.kind === 'system' && aboutMe(message, me)) return false;
  return !(attentive && openConversationId === conversation.id) && !lookedAtElsewhere;
}

export const NOTIFICATION_BODY_MAX = 140;

/** Title "Alice" (direct) or "Alice in Design team" (group); body the text's preview; one tag per conversation. */
export function notificationContent(message: Message, conversation: Conversation, nameOf: NameOf, me: string): { title: string; body: string; tag: string } {
  const sender = nameOf(message.senderId);
  const title = conversation.kind === 'group' ? `${sender} in ${conversationName(conversation, me)}` : sender;
  const text = message.kind === 'system' ? previewText(message, nameOf, me) : message.body.replace(/\s+/g, ' ').trim() || attachmentsText(message.attachments ?? []);
  const body = text.length > NOTIFICATION_BODY_MAX ? `${text.slice(0, NOTIFICATION_BODY_MAX - 1)}…` : text;
  return { title, body, tag: `parley-conversation-${conversation.id}` };
}
