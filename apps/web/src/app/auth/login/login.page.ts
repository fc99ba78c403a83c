import { ChangeDetectionStrategy, Component, ElementRef, inject, input, signal, viewChild } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { toClientError } from '../../core/api-error';
import { lastConversation } from '../../core/last-conversation';
import { safeReturnUrl } from '../../core/safe-return-url';
import { BrandMark } from '../../ui/brand-mark.component';
import { AuthStore } from '../auth.store';
import { authFailureMessage, controlMessage } from '../form-errors';

@Component({
  selector: 'app-login-page',
  imports: [ReactiveFormsModule, RouterLink, BrandMark],
  templateUrl: './login.page.html',
  styleUrl: '../auth-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LoginPage {
  private readonly auth = inject(AuthStore);
  private readonly router = inject(Router);

  /** Bound from the query string by the router: where the guard sent the visitor from. */
  readonly returnUrl = input<string | undefined>();

  readonly form = inject(NonNullableFormBuilder).group({
    // Login checks only presence: the account's own rules were applied at signup.
    username: ['', Validators.required],
    password: ['', Validators.required],
  });
  readonly submitted = signal(false);
  readonly pending = signal(false);
  readonly failure = signal<string | null>(null);
  private readonly passwordField = viewChild.required<ElementRef<HTMLInputElement>>('password');

  error(name: 'username' | 'password'): string | null {
    const control = this.form.controls[name];
    return this.submitted() || control.touched ? controlMessage(name, control) : null;
  }

  /** Where the guard sent them from; otherwise the conversation they last had open, as Slack does. */
  private landing(userId: string): string {
    const target = safeReturnUrl(this.returnUrl());
    const last = lastConversation.get(userId);
    return target === '/chat' && last ? `/chat/${last}` : target;
  }

  async submit(): Promise<void> {
    this.submitted.set(true);
    this.failure.set(null);
    if (this.form.invalid || this.pending()) return;
    this.pending.set(true);
    try {
      const user = await this.auth.login(this.form.getRawValue());
      await this.router.navigateByUrl(this.landing(user.id));
    } catch (error) {
      this.failure.set(authFailureMessage(toClientError(error)));
      // As every sign-in form does: the wrong password is gone and the field is ready for another try.
      this.form.controls.password.reset('');
      this.passwordField().nativeElement.focus();
    } finally {
      this.pending.set(false);
    }
  }
}
