import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { Limits, SignupRequest } from '@parley/contract';
import { toClientError } from '../../core/api-error';
import { safeReturnUrl } from '../../core/safe-return-url';
import { BrandMark } from '../../ui/brand-mark.component';
import { AuthStore } from '../auth.store';
import {
  applyServerErrors,
  controlMessage,
  displayNameValidators,
  passwordValidators,
  usernameValidators,
} from '../form-errors';

type Field = 'username' | 'displayName' | 'password';

@Component({
  selector: 'app-signup-page',
  imports: [ReactiveFormsModule, RouterLink, BrandMark],
  templateUrl: './signup.page.html',
  styleUrl: '../auth-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SignupPage {
  private readonly auth = inject(AuthStore);
  private readonly router = inject(Router);

  readonly returnUrl = input<string | undefined>();
  readonly limits = Limits;
  readonly form = inject(NonNullableFormBuilder).group({
    username: ['', usernameValidators],
    displayName: ['', displayNameValidators],
    password: ['', passwordValidators],
  });
  readonly submitted = signal(false);
  readonly pending = signal(false);
  readonly failure = signal<string | null>(null);

  error(name: Field): string | null {
    const control = this.form.controls[name];
    return this.submitted() || control.touched ? controlMessage(name, control) : null;
  }

  async submit(): Promise<void> {
    this.submitted.set(true);
    this.failure.set(null);
    if (this.form.invalid || this.pending()) return;
    this.pending.set(true);
    const { username, displayName, password } = this.form.getRawValue();
    const request: SignupRequest = { username, password };
    if (displayName.trim()) request.displayName = displayName.trim();
    try {
      await this.auth.signup(request);
      await this.router.navigateByUrl(safeReturnUrl(this.returnUrl()));
    } catch (error) {
      this.failure.set(applyServerErrors(toClientError(error), this.form.controls));
    } finally {
      this.pending.set(false);
    }
  }
}
