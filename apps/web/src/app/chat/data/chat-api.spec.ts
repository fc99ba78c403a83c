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
});
