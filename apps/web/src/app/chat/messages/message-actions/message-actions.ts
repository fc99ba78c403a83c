import { MessageRow } from '../../model/timeline';

/** What one message offers: everyone may reply to and react to a stored, live message; only its sender edits or deletes it. */
export interface MessageActionSet {
  reply: boolean;
  react: boolean;
  edit: boolean;
  delete: boolean;
}

const NONE: MessageActionSet = { reply: false, react: false, edit: false, delete: false };

/** Nothing for a message still in the outbox (it has no id yet) or a tombstone. */
export function messageActions(row: Pick<MessageRow, 'id' | 'mine' | 'deleted'>): MessageActionSet {
  if (!row.id || row.deleted) return NONE;
  return { reply: true, react: true, edit: row.mine, delete: row.mine };
}

export const hasAnyAction = (actions: MessageActionSet): boolean => actions.reply || actions.react || actions.edit || actions.delete;

/** The emoji I add or take back when I click a chip (or pick one in the picker): a toggle of mine. */
export function reactionToggle(reactions: readonly { emoji: string; mine: boolean }[], emoji: string): 'add' | 'remove' {
  return reactions.some((r) => r.emoji === emoji && r.mine) ? 'remove' : 'add';
}
