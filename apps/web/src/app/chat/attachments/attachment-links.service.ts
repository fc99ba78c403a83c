import { inject, Injectable, signal } from '@angular/core';
import { Attachment } from '@parley/contract';
import { ChatApi } from '../data/chat-api';

/** A link that failed again this soon after being renewed is broken for another reason: no loop of renewals. */
const RENEW_AT_MOST_EVERY_MS = 30_000;

/**
 * Fresh signed links for attachments whose links expired (an image that fails to load, a conversation
 * left open for hours): `GET /api/uploads/:id` signs new ones, and every view of that attachment (the
 * thumbnail, the lightbox) shows them from then on. One per chat session (see chatSessionProviders).
 */
@Injectable()
export class AttachmentLinks {
  private readonly api = inject(ChatApi);
  private readonly renewed = signal<ReadonlyMap<string, Attachment>>(new Map());
  private readonly lastTry = new Map<string, number>();

  /** The attachment with the newest links known for it. */
  current(attachment: Attachment): Attachment {
    return this.renewed().get(attachment.id) ?? attachment;
  }

  /** Asks for new links once in a while per attachment; a failure (gone, offline) leaves the old ones. */
  async renew(id: string): Promise<Attachment | null> {
    const now = Date.now();
    if (now - (this.lastTry.get(id) ?? -Infinity) < RENEW_AT_MOST_EVERY_MS) return null;
    this.lastTry.set(id, now);
    try {
      const fresh = await this.api.getAttachment(id);
      this.renewed.update((all) => new Map(all).set(id, fresh));
      return fresh;
    } catch {
      // The broken-image state stays; the next failure after the pause asks again.
      return null;
    }
  }

  /** A download is a navigation, with no error event to renew on: one whose link expires soon is renewed, then started. */
  async download(attachment: Attachment): Promise<void> {
    const fresh = (await this.renew(attachment.id)) ?? this.current(attachment);
    const anchor = document.createElement('a');
    anchor.href = fresh.url;
    anchor.download = fresh.name;
    anchor.click();
  }
}
