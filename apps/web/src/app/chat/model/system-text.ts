import { Attachment, Message, SystemEvent, SystemEventType } from '@parley/contract';

/** Resolves a user id to a display name. */
export type NameOf = (userId: string) => string;

/** "Bob", "Bob and Carol", "Bob, Carol and Dave", "Bob, Carol and 3 others" (more than `max` names are counted). */
export function listNames(names: readonly string[], max = 3): string {
  if (names.length <= 1) return names[0] ?? 'someone';
  if (names.length <= max) return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  return `${names.slice(0, max - 1).join(', ')} and ${names.length - max + 1} others`;
}

/**
 * The one line a system message shows as: "Alice added Bob and Carol", "Bob left". The reader (`me`) is
 * "You" as the one who did it and "you" as the one it was done to.
 */
export function systemText(event: SystemEvent, nameOf: NameOf, me?: string): string {
  const actor = event.actorId === me ? 'You' : nameOf(event.actorId);
  const users = listNames((event.userIds ?? []).map((id) => (id === me ? 'you' : nameOf(id))));
  switch (event.type) {
    case SystemEventType.Created:
      return `${actor} created the group “${event.title ?? ''}”`;
    case SystemEventType.Renamed:
      return `${actor} renamed the group to “${event.title ?? ''}”`;
    case SystemEventType.MembersAdded:
      return `${actor} added ${users}`;
    case SystemEventType.MemberRemoved:
      return `${actor} removed ${users}`;
    case SystemEventType.MemberLeft:
      return `${event.userIds?.length && event.userIds[0] !== event.actorId ? users : actor} left`;
    default:
      return `${actor} changed the conversation`;
  }
}

/** A message as one line of text: the sidebar preview. */
export function previewText(message: Message, nameOf: NameOf, me: string): string {
  const mine = message.senderId === me;
  if (message.kind === 'system' && message.system) return systemText(message.system, nameOf, me);
  if (message.deletedAt) return mine ? 'You deleted a message' : 'This message was deleted';
  const firstLine = message.body.split('\n', 1)[0] || attachmentsText(message.attachments ?? []);
  return mine ? `You: ${firstLine}` : firstLine;
}

/** What stands for a message that is only its files (a sidebar preview, a notification): "Image: sunset.png", "3 files". */
export function attachmentsText(attachments: readonly Attachment[]): string {
  if (attachments.length === 0) return '';
  if (attachments.length > 1) return attachments.every((a) => a.kind === 'image') ? `${attachments.length} images` : `${attachments.length} files`;
  const [only] = attachments;
  return `${only.kind === 'image' ? 'Image' : 'File'}: ${only.name}`;
}
