import { AbstractControl, Validators } from '@angular/forms';
import { ClientError } from '../core/api-error';
import { ErrorCode, Limits } from '@parley/contract';

/** The client-side mirror of the API's rules, so most mistakes are caught before a request. */
export const usernameValidators = [
  Validators.required,
  Validators.minLength(Limits.usernameMin),
  Validators.maxLength(Limits.usernameMax),
  Validators.pattern(Limits.usernamePattern),
];
export const passwordValidators = [
  Validators.required,
  Validators.minLength(Limits.passwordMin),
  Validators.maxLength(Limits.passwordMax),
];
export const displayNameValidators = [Validators.maxLength(Limits.displayNameMax)];

const FIELD_LABELS: Record<string, string> = {
  username: 'Username',
  password: 'Password',
  displayName: 'Display name',
};

/** A sentence for the first failing validator of a control, or null when it is valid. */
export function controlMessage(name: string, control: AbstractControl): string | null {
  const errors = control.errors;
  if (!errors) return null;
  const label = FIELD_LABELS[name] ?? name;
  if (errors['required']) return `${label} is required.`;
  if (errors['minlength']) return `${label} must be at least ${errors['minlength'].requiredLength} characters.`;
  if (errors['maxlength']) return `${label} must be at most ${errors['maxlength'].requiredLength} characters.`;
  if (errors['pattern']) return `${label} may use only letters, digits, dots, dashes and underscores.`;
  if (errors['server']) return errors['server'] as string;
  return `${label} is not valid.`;
}

/** Puts the API's per-field errors on the matching controls; returns what could not be attached to a field. */
export function applyServerErrors(error: ClientError, controls: Record<string, AbstractControl>): string | null {
  if (error.code === ErrorCode.UsernameTaken && controls['username']) {
    controls['username'].setErrors({ server: 'That username is taken. Try another one.' });
    return null;
  }
  let unplaced = error.details.length === 0;
  for (const detail of error.details) {
    const control = controls[detail.field];
    if (control) control.setErrors({ server: detail.message });
    else unplaced = true;
  }
  return unplaced ? authFailureMessage(error) : null;
}

export function authFailureMessage(error: ClientError): string {
  switch (error.code) {
    case ErrorCode.InvalidCredentials:
      return 'Wrong username or password.';
    case ErrorCode.RateLimited:
      return 'Too many attempts. Please wait a minute and try again.';
    default:
      return error.message;
  }
}
