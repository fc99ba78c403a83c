import { HttpEventType } from '@angular/common/http';
import { DestroyRef, effect, inject, Injectable, signal, untracked } from '@angular/core';
import { Attachment, Limits } from '@parley/contract';
import { Subscription } from 'rxjs';
import { newClientMessageId } from '../../core/client-id';
import { SocketService } from '../connection/socket.service';
import { ChatApi } from '../data/chat-api';

export type UploadState = 'uploading' | 'waiting' | 'done' | 'failed';

/** A file picked, pasted or dropped into a conversation's composer, before the message that carries it is sent. */
export interface PendingUpload {
  localId: string;
  conversationId: string;
  file: File;
  /** A `blob:` URL of the picked image itself, shown in the tray before the server has a thumbnail. */
  previewUrl: string | null;
  state: UploadState;
  /** 0 to 1. */
  progress: number;
  attachment?: Attachment;
  error?: string;
  /** A failure that trying again can cure (offered as Retry); not one too large or over the quota. */
  retryable?: boolean;
}

/** The composer's view of its tray: nothing, something still on its way (or failed), or all uploaded. */
export type TrayStatus = 'empty' | 'pending' | 'ready';

const PREVIEWABLE = /^image\/(png|jpeg|gif|webp|avif)$/;

/**
 * The files waiting to go with the next message, per conversation (kept across switches like the draft,
 * not across a reload: a File cannot be stored). Each uploads as soon as it is added; the message is sent
 * through the outbox (see MessagesStore.send) once all of them are done.
 * Offline, an upload waits and starts when the browser or the socket is back; a refusal says why and can
 * be retried or removed.
 */
@Injectable()
export class UploadsStore {
  private readonly api = inject(ChatApi);
  private readonly socket = inject(SocketService);
  private readonly requests = new Map<string, Subscription>();
  private readonly items = signal<PendingUpload[]>([]);
  private readonly notices = signal<Record<string, string>>({});

  readonly all = this.items.asReadonly();

  constructor() {
    const resume = () => this.resumeWaiting();
    if (typeof window !== 'undefined') {
      window.addEventListener('online', resume);
      inject(DestroyRef).onDestroy(() => window.removeEventListener('online', resume));
    }
    effect(() => {
      if (this.socket.state() === 'connected') untracked(resume);
    });
    inject(DestroyRef).onDestroy(() => {
      this.requests.forEach((request) => request.unsubscribe());
      this.items().forEach(revokePreview);
    });
  }

  of(conversationId: string): PendingUpload[] {
    return this.items().filter((item) => item.conversationId === conversationId);
  }

  status(conversationId: string): TrayStatus {
    const items = this.of(conversationId);
    if (items.length === 0) return 'empty';
    return items.every((item) => item.state === 'done') ? 'ready' : 'pending';
  }

  /** Why some files were not added (too many for one message), until the next change of the tray. */
  notice(conversationId: string): string | null {
    return this.notices()[conversationId] ?? null;
  }

  /** Starts uploading each file; beyond Limits.attachmentsPerMessageMax in the tray, the rest are refused with a notice. */
  add(conversationId: string, files: readonly File[]): void {
    const room = Limits.attachmentsPerMessageMax - this.of(conversationId).length;
    const accepted = files.slice(0, Math.max(0, room));
    this.setNotice(
      conversationId,
      accepted.length < files.length ? `A message can carry ${Limits.attachmentsPerMessageMax} files at most: ${files.length - accepted.length} not added.` : null,
    );
    const added = accepted.map<PendingUpload>((file) => ({
      localId: newClientMessageId(),
      conversationId,
      file,
      previewUrl: PREVIEWABLE.test(file.type) && typeof URL.createObjectURL === 'function' ? URL.createObjectURL(file) : null,
      state: 'uploading',
      progress: 0,
    }));
    this.items.update((items) => [...items, ...added]);
    added.forEach((item) => this.start(item.localId));
  }

  retry(localId: string): void {
    const item = this.find(localId);
    if (item && ((item.state === 'failed' && item.retryable) || item.state === 'waiting')) this.start(localId);
  }

  /** Cancels an upload under way, or takes a finished or failed one out of the tray. */
  remove(localId: string): void {
    const item = this.find(localId);
    if (!item) return;
    this.requests.get(localId)?.unsubscribe();
    this.requests.delete(localId);
    revokePreview(item);
    this.items.update((items) => items.filter((i) => i.localId !== localId));
    this.setNotice(item.conversationId, null);
  }

  /** The uploaded attachments, in the order they were added, for the message about to be sent; the tray empties. */
  take(conversationId: string): Attachment[] {
    if (this.status(conversationId) !== 'ready') return [];
    const items = this.of(conversationId);
    items.forEach(revokePreview);
    this.items.update((all) => all.filter((item) => item.conversationId !== conversationId));
    this.setNotice(conversationId, null);
    return items.map((item) => item.attachment!);
  }

  private start(localId: string): void {
    const item = this.find(localId);
    if (!item) return;
    this.requests.get(localId)?.unsubscribe();
    if (typeof navigator !== 'undefined' && navigator.onLine === false) {
      this.patch(localId, { state: 'waiting', progress: 0, error: undefined });
      return;
    }
    this.patch(localId, { state: 'uploading', progress: 0, error: undefined });
    const request = this.api.upload(item.file).subscribe({
      next: (event) => {
        if (event.type === HttpEventType.UploadProgress) {
          this.patch(localId, { progress: event.total ? Math.min(1, event.loaded / event.total) : 0 });
        } else if (event.type === HttpEventType.Response && event.body) {
          this.patch(localId, { state: 'done', progress: 1, attachment: event.body });
        }
      },
      error: (error: unknown) => void this.fail(localId, error),
      complete: () => this.requests.delete(localId),
    });
    if (!request.closed) this.requests.set(localId, request);
  }

  /** The words for why come with the attachment views' chunk (see attachment-views.ts): a failure is rare. */
  private async fail(localId: string, error: unknown): Promise<void> {
    this.requests.delete(localId);
    const { uploadFailure } = await import('./attachment-views');
    // Removed, or started again, meanwhile.
    if (this.requests.has(localId) || this.find(localId)?.state !== 'uploading') return;
    const failure = uploadFailure(error);
    // Lost connection: it waits for the network to come back rather than asking for a click.
    const offline = failure.network && typeof navigator !== 'undefined' && navigator.onLine === false;
    this.patch(localId, { state: offline ? 'waiting' : 'failed', progress: 0, error: offline ? undefined : failure.message, retryable: failure.retryable });
  }

  private resumeWaiting(): void {
    for (const item of this.items()) if (item.state === 'waiting') this.start(item.localId);
  }

  private find(localId: string): PendingUpload | undefined {
    return this.items().find((item) => item.localId === localId);
  }

  private patch(localId: string, patch: Partial<PendingUpload>): void {
    this.items.update((items) => items.map((item) => (item.localId === localId ? { ...item, ...patch } : item)));
  }

  private setNotice(conversationId: string, notice: string | null): void {
    if ((this.notices()[conversationId] ?? null) === notice) return;
    this.notices.update(({ [conversationId]: _previous, ...others }) => (notice ? { ...others, [conversationId]: notice } : others));
  }
}

function revokePreview(item: PendingUpload): void {
  if (item.previewUrl && typeof URL.revokeObjectURL === 'function') URL.revokeObjectURL(item.previewUrl);
}
