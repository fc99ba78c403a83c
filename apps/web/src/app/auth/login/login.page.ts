import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { toClientError } from '../../core/api-error';
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

  error(name: 'username' | 'password'): string | null {
    const control = this.form.controls[name];
    return this.submitted() || control.touched ? controlMessage(name, control) : null;
  }

  async submit(): Promise<void> {
    this.submitted.set(true);
    this.failure.set(null);
    if (this.form.invalid || this.pending()) return;
    this.pending.set(true);
    try {
      await this.auth.login(this.form.getRawValue());
      await this.router.navigateByUrl(safeReturnUrl(this.returnUrl()));
    } catch (error) {
      this.failure.set(authFailureMessage(toClientError(error)));
    } finally {
      this.pending.set(false);
    }
  }
}
