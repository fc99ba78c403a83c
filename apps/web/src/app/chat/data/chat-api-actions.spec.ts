import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { aMessage, aUser } from '../testing/chat-factories';
import { ChatApi } from './chat-api';

describe('ChatApi: message actions, search and profile', () => {
  function setup() {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    return { http: TestBed.inject(HttpTestingController), api: TestBed.inject(ChatApi) };
  }

  it('edits, deletes and reacts on the message routes, with the emoji (a ZWJ sequence too) URL-encoded', async () => {
    const { http, api } = setup();
    const edited = aMessage(3, { body: 'new', version: 2 });
    const editing = api.editMessage('c1', 'm3', 'new');
    const edit = http.expectOne((r) => r.method === 'PATCH' && r.url === '/api/conversations/c1/messages/m3');
    expect(edit.request.body).toEqual({ body: 'new' });
    edit.flush(edited);
    await expect(editing).resolves.toEqual(edited);

    const deleting = api.deleteMessage('c1', 'm3');
    http.expectOne((r) => r.method === 'DELETE' && r.url === '/api/conversations/c1/messages/m3').flush(null, { status: 204, statusText: 'No Content' });
    await deleting;

    const family = '👨‍👩‍👧';
    const adding = api.addReaction('c1', 'm3', family);
    http.expectOne((r) => r.method === 'PUT' && r.url === `/api/conversations/c1/messages/m3/reactions/${encodeURIComponent(family)}`).flush(edited);
    await adding;
    const removing = api.removeReaction('c1', 'm3', '👍');
    http.expectOne((r) => r.method === 'DELETE' && r.url === '/api/conversations/c1/messages/m3/reactions/%F0%9F%91%8D').flush(edited);
    await removing;
    http.verify();
  });

  it('searches with q, before and limit, and patches my display name', async () => {
    const { http, api } = setup();
    const searching = api.search({ q: 'café', before: 'cur', limit: 20 });
    const search = http.expectOne((r) => r.url === '/api/search');
    expect(search.request.params.get('q')).toBe('café');
    expect(search.request.params.get('before')).toBe('cur');
    search.flush({ items: [], nextCursor: null });
    await searching;

    const me = aUser('me', { displayName: 'New' });
    const saving = api.updateProfile('New');
    const patch = http.expectOne((r) => r.method === 'PATCH' && r.url === '/api/users/me');
    expect(patch.request.body).toEqual({ displayName: 'New' });
    patch.flush(me);
    await expect(saving).resolves.toEqual(me);
    http.verify();
  });
});
