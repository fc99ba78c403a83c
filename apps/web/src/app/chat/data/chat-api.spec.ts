import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Limits } from '@parley/contract';
import { ChatApi } from './chat-api';

describe('ChatApi', () => {
  it('asks for conversations in the largest page the contract allows', async () => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    const http = TestBed.inject(HttpTestingController);
    const listing = TestBed.inject(ChatApi).listConversations('next');
    const request = http.expectOne((r) => r.url === '/api/conversations');
    expect(request.request.params.get('limit')).toBe(String(Limits.conversationsPageMax));
    expect(request.request.params.get('cursor')).toBe('next');
    request.flush({ items: [], nextCursor: null });
    await expect(listing).resolves.toEqual({ items: [], nextCursor: null });
    http.verify();
  });

  it('speaks the v2 group and read routes with the contract’s shapes', async () => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    const http = TestBed.inject(HttpTestingController);
    const api = TestBed.inject(ChatApi);
    const expectCall = (method: string, url: string, body: unknown, answer: object | null = {}) => {
      const request = http.expectOne((r) => r.method === method && r.url === url);
      expect(request.request.body).toEqual(body);
      request.flush(answer);
    };

    const calls = [
      api.createGroup(['b', 'c'], 'Trip'),
      api.renameConversation('g/1', 'New'),
      api.addMembers('g/1', ['d']),
      api.removeMember('g/1', 'u 2'),
      api.markRead('g/1', 7),
    ];
    expectCall('POST', '/api/conversations', { memberIds: ['b', 'c'], title: 'Trip' });
    expectCall('PATCH', '/api/conversations/g%2F1', { title: 'New' });
    expectCall('POST', '/api/conversations/g%2F1/members', { userIds: ['d'] });
    expectCall('DELETE', '/api/conversations/g%2F1/members/u%202', null, null);
    expectCall('POST', '/api/conversations/g%2F1/read', { seq: 7 });
    await Promise.all(calls);
    http.verify();
  });
});
