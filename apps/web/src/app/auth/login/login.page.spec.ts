import { HttpErrorResponse } from '@angular/common/http';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { ErrorCode, User } from '@parley/contract';
import { lastConversation } from '../../core/last-conversation';
import { AuthStore } from '../auth.store';
import { LoginPage } from './login.page';

const alice: User = { id: 'u-alice', username: 'alice', displayName: 'Alice', createdAt: '2026-01-01T00:00:00.000Z', online: false, lastSeenAt: null };
const wrongPassword = new HttpErrorResponse({
  status: 401,
  error: { statusCode: 401, error: 'Unauthorized', code: ErrorCode.InvalidCredentials, message: 'Wrong username or password' },
});

async function setup(login: () => Promise<User>) {
  TestBed.configureTestingModule({ providers: [provideRouter([]), { provide: AuthStore, useValue: { login: vi.fn(login) } }] });
  const fixture = TestBed.createComponent(LoginPage);
  await fixture.whenStable();
  const host = fixture.nativeElement as HTMLElement;
  const fill = (id: string, value: string) => {
    const input = host.querySelector<HTMLInputElement>(`#${id}`)!;
    input.value = value;
    input.dispatchEvent(new Event('input'));
  };
  fill('login-username', 'alice');
  fill('login-password', 'not-the-password');
  const submit = async () => {
    host.querySelector<HTMLFormElement>('form')!.dispatchEvent(new Event('submit'));
    await vi.waitFor(() => expect(fixture.componentInstance.pending()).toBe(false));
    await fixture.whenStable();
  };
  return { fixture, host, submit };
}

describe('LoginPage', () => {
  beforeEach(() => localStorage.clear());

  it('after a wrong password, empties the password field and puts the focus in it', async () => {
    const { host, submit } = await setup(() => Promise.reject(wrongPassword));
    await submit();
    const password = host.querySelector<HTMLInputElement>('#login-password')!;
    expect(host.querySelector('[role=alert]')?.textContent).toBeTruthy();
    expect(password.value).toBe('');
    expect(document.activeElement).toBe(password);
    expect(host.querySelector<HTMLInputElement>('#login-username')!.value).toBe('alice');
  });

  it('lands in the conversation I was last in', async () => {
    const id = '6f1c2b1e-0000-4000-8000-0000000000c1';
    lastConversation.set(alice.id, id);
    const { submit } = await setup(async () => alice);
    const navigate = vi.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);
    await submit();
    expect(navigate).toHaveBeenCalledWith(`/chat/${id}`);
  });
});
