import { HttpErrorResponse, HttpEvent, HttpEventType, HttpResponse } from '@angular/common/http';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Attachment, ErrorCode, Limits } from '@parley/contract';
import { Observable, Subject } from 'rxjs';
import { SocketService } from '../connection/socket.service';
import { ChatApi } from '../data/chat-api';
import { anImage } from '../testing/chat-factories';
import { UploadsStore } from './uploads.store';

const aFileNamed = (name: string, type = 'image/png') => new File(['12345678'], name, { type });
const tooLarge = (code: string, extra: object = {}) =>
  new HttpErrorResponse({ status: code === ErrorCode.RateLimited ? 429 : 413, error: { statusCode: 413, error: 'x', message: 'refused', code, ...extra } });

function setup() {
  const requests: Subject<HttpEvent<Attachment>>[] = [];
  let aborted = 0;
  const api = {
    upload: vi.fn(
      () =>
        new Observable<HttpEvent<Attachment>>((subscriber) => {
          const request = new Subject<HttpEvent<Attachment>>();
          requests.push(request);
          let settled = false;
          const inner = request.subscribe({
            next: (event) => subscriber.next(event),
            error: (error) => ((settled = true), subscriber.error(error)),
            complete: () => ((settled = true), subscriber.complete()),
          });
          return () => {
            if (!settled) aborted += 1;
            inner.unsubscribe();
          };
        }),
    ),
  };
  const state = signal('connected');
  TestBed.configureTestingModule({
    providers: [{ provide: ChatApi, useValue: api }, { provide: SocketService, useValue: { state } }, UploadsStore],
  });
  const store = TestBed.inject(UploadsStore);
  TestBed.tick();
  const finish = (i: number, attachment: Attachment) => {
    requests[i].next(new HttpResponse({ status: 201, body: attachment }));
    requests[i].complete();
  };
  return { api, store, requests, finish, aborted: () => aborted, state };
}

describe('UploadsStore', () => {
  it('uploads each file at once, shows its progress, and is ready to send only when all are done', () => {
    const { store, requests, finish } = setup();
    store.add('c1', [aFileNamed('a.png'), aFileNamed('b.pdf', 'application/pdf')]);
    expect(requests).toHaveLength(2);
    expect(store.status('c1')).toBe('pending');
    requests[0].next({ type: HttpEventType.UploadProgress, loaded: 4, total: 8 });
    expect(store.of('c1').map((u) => u.progress)).toEqual([0.5, 0]);
    finish(0, anImage('a1'));
    expect(store.status('c1')).toBe('pending');
    finish(1, anImage('a2'));
    expect(store.status('c1')).toBe('ready');
    expect(store.status('c2')).toBe('empty');
    expect(store.take('c1').map((a) => a.id)).toEqual(['a1', 'a2']);
    expect(store.of('c1')).toEqual([]);
  });

  it('cancels an upload under way (the request is aborted) and keeps the others', () => {
    const { store, requests, finish, aborted } = setup();
    store.add('c1', [aFileNamed('a.png'), aFileNamed('b.png')]);
    store.remove(store.of('c1')[0].localId);
    expect(aborted()).toBe(1);
    finish(1, anImage('b1'));
    expect(store.of('c1').map((u) => u.file.name)).toEqual(['b.png']);
    expect(store.status('c1')).toBe('ready');
    expect(requests).toHaveLength(2);
  });

  it('says why an upload was refused, from the limit the server names, and retries only what another try can cure', async () => {
    const { store, requests, finish } = setup();
    store.add('c1', [aFileNamed('big.png'), aFileNamed('more.png'), aFileNamed('fast.png')]);
    requests[0].error(tooLarge(ErrorCode.PayloadTooLarge, { limitBytes: 25 * 1024 * 1024 }));
    requests[1].error(tooLarge(ErrorCode.UploadQuotaExceeded, { limitBytes: 1024 ** 3 }));
    requests[2].error(tooLarge(ErrorCode.RateLimited, { retryAfterMs: 4_200 }));
    await vi.waitFor(() => expect(store.of('c1').every((u) => u.state === 'failed')).toBe(true));
    expect(store.of('c1').map((u) => [u.state, u.error])).toEqual([
      ['failed', 'Too large: the limit is 25 MB.'],
      ['failed', 'Your storage is full: the limit is 1 GB in all.'],
      ['failed', 'Too many uploads: try again in 5 s.'],
    ]);
    expect(store.of('c1').map((u) => u.retryable)).toEqual([false, false, true]);
    expect(store.status('c1')).toBe('pending');
    store.retry(store.of('c1')[0].localId);
    expect(requests).toHaveLength(3);
    store.retry(store.of('c1')[2].localId);
    expect(store.of('c1')[2]).toMatchObject({ state: 'uploading', error: undefined });
    finish(3, anImage('f1'));
    expect(store.of('c1')[2].state).toBe('done');
  });

  it('waits while the browser is offline and uploads when it is back', () => {
    const { store, requests } = setup();
    const onLine = vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
    try {
      store.add('c1', [aFileNamed('a.png')]);
      expect(requests).toHaveLength(0);
      expect(store.of('c1')[0].state).toBe('waiting');
      onLine.mockReturnValue(true);
      window.dispatchEvent(new Event('online'));
      expect(requests).toHaveLength(1);
      expect(store.of('c1')[0].state).toBe('uploading');
    } finally {
      onLine.mockRestore();
    }
  });

  it(`refuses more than ${Limits.attachmentsPerMessageMax} files for one message, saying so`, () => {
    const { store } = setup();
    const files = Array.from({ length: Limits.attachmentsPerMessageMax + 2 }, (_, i) => aFileNamed(`f${i}.png`));
    store.add('c1', files);
    expect(store.of('c1')).toHaveLength(Limits.attachmentsPerMessageMax);
    expect(store.notice('c1')).toBe('A message can carry 10 files at most: 2 not added.');
    store.remove(store.of('c1')[0].localId);
    expect(store.notice('c1')).toBeNull();
  });
});
