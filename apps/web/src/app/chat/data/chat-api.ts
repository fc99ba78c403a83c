import { HttpClient, HttpEvent, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import {
  AddMembersRequest,
  Attachment,
  Conversation,
  Limits,
  CreateConversationRequest,
  EditMessageRequest,
  ListMessagesQuery,
  ListUsersQuery,
  MarkReadRequest,
  Message,
  MessagePage,
  MuteConversationRequest,
  Page,
  ReadMarker,
  RenameConversationRequest,
  SearchQuery,
  SearchResponse,
  SyncQuery,
  SyncResponse,
  UpdateProfileRequest,
  UploadField,
  User,
} from '@parley/contract';
import { firstValueFrom, Observable } from 'rxjs';

function params(query: object): HttpParams {
  let result = new HttpParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') result = result.set(key, String(value));
  }
  return result;
}

const conversationPath = (id: string) => `/api/conversations/${encodeURIComponent(id)}`;
const messagePath = (conversationId: string, messageId: string) => `${conversationPath(conversationId)}/messages/${encodeURIComponent(messageId)}`;
/** `encodeURIComponent` encodes every byte of an emoji (and of a ZWJ sequence or variation selector). */
const reactionPath = (conversationId: string, messageId: string, emoji: string) => `${messagePath(conversationId, messageId)}/reactions/${encodeURIComponent(emoji)}`;

/** The chat REST endpoints, as promises. The auth interceptor adds the token and handles expiry. */
@Injectable({ providedIn: 'root' })
export class ChatApi {
  private readonly http = inject(HttpClient);

  listUsers(query: ListUsersQuery): Promise<Page<User>> {
    return firstValueFrom(this.http.get<Page<User>>('/api/users', { params: params(query) }));
  }

  listConversations(cursor?: string): Promise<Page<Conversation>> {
    return firstValueFrom(this.http.get<Page<Conversation>>('/api/conversations', { params: params({ limit: Limits.conversationsPageMax, cursor }) }));
  }

  getConversation(id: string): Promise<Conversation> {
    return firstValueFrom(this.http.get<Conversation>(`/api/conversations/${encodeURIComponent(id)}`));
  }

  openDirect(otherUserId: string): Promise<Conversation> {
    const body: CreateConversationRequest = { memberIds: [otherUserId] };
    return firstValueFrom(this.http.post<Conversation>('/api/conversations', body));
  }

  createGroup(memberIds: string[], title: string): Promise<Conversation> {
    const body: CreateConversationRequest = { memberIds, title };
    return firstValueFrom(this.http.post<Conversation>('/api/conversations', body));
  }

  renameConversation(id: string, title: string): Promise<Conversation> {
    const body: RenameConversationRequest = { title };
    return firstValueFrom(this.http.patch<Conversation>(conversationPath(id), body));
  }

  addMembers(id: string, userIds: string[]): Promise<Conversation> {
    const body: AddMembersRequest = { userIds };
    return firstValueFrom(this.http.post<Conversation>(`${conversationPath(id)}/members`, body));
  }

  /** Removing myself is leaving. */
  removeMember(id: string, userId: string): Promise<void> {
    return firstValueFrom(this.http.delete<void>(`${conversationPath(id)}/members/${encodeURIComponent(userId)}`));
  }

  /** Per caller: the answer is the conversation as I see it, `muted` included. */
  muteConversation(id: string, muted: boolean): Promise<Conversation> {
    const body: MuteConversationRequest = { muted };
    return firstValueFrom(this.http.put<Conversation>(`${conversationPath(id)}/mute`, body));
  }

  /** The REST form of `conversation:read`, for when the socket is down. */
  markRead(id: string, seq: number): Promise<ReadMarker> {
    const body: MarkReadRequest = { seq };
    return firstValueFrom(this.http.post<ReadMarker>(`${conversationPath(id)}/read`, body));
  }

  listMessages(conversationId: string, query: ListMessagesQuery): Promise<MessagePage> {
    return firstValueFrom(
      this.http.get<MessagePage>(`/api/conversations/${encodeURIComponent(conversationId)}/messages`, {
        params: params(query),
      }),
    );
  }

  /** Everything stored after `since` in all of the caller's conversations; without `since`, just the current cursor. */
  sync(query: SyncQuery): Promise<SyncResponse> {
    return firstValueFrom(this.http.get<SyncResponse>('/api/sync', { params: params(query) }));
  }

  /** Sender only; the answer is the message with `editedAt` set and a higher `version`. */
  editMessage(conversationId: string, messageId: string, body: string): Promise<Message> {
    const request: EditMessageRequest = { body };
    return firstValueFrom(this.http.patch<Message>(messagePath(conversationId, messageId), request));
  }

  /** Sender only; the tombstone comes back as `message:updated` (and from sync). */
  deleteMessage(conversationId: string, messageId: string): Promise<void> {
    return firstValueFrom(this.http.delete<void>(messagePath(conversationId, messageId)));
  }

  addReaction(conversationId: string, messageId: string, emoji: string): Promise<Message> {
    return firstValueFrom(this.http.put<Message>(reactionPath(conversationId, messageId, emoji), {}));
  }

  removeReaction(conversationId: string, messageId: string, emoji: string): Promise<Message> {
    return firstValueFrom(this.http.delete<Message>(reactionPath(conversationId, messageId, emoji)));
  }

  search(query: SearchQuery): Promise<SearchResponse> {
    return firstValueFrom(this.http.get<SearchResponse>('/api/search', { params: params(query) }));
  }

  updateProfile(displayName: string): Promise<User> {
    const body: UpdateProfileRequest = { displayName };
    return firstValueFrom(this.http.patch<User>('/api/users/me', body));
  }

  /**
   * One file, as multipart/form-data, with upload progress events. HttpClient runs on XMLHttpRequest here
   * (app.config has no withFetch; fetch reports no upload progress), and the auth interceptor adds the
   * token and refreshes once on a 401. Unsubscribing aborts the request.
   */
  upload(file: File): Observable<HttpEvent<Attachment>> {
    const form = new FormData();
    form.append(UploadField, file, file.name);
    return this.http.post<Attachment>('/api/uploads', form, { reportProgress: true, observe: 'events' });
  }

  /** The attachment with freshly signed links (the ones held may have expired). */
  getAttachment(id: string): Promise<Attachment> {
    return firstValueFrom(this.http.get<Attachment>(`/api/uploads/${encodeURIComponent(id)}`));
  }
}
