import { inject } from '@angular/core';
import { CanActivateFn, Router } from '@angular/router';
import { AuthStore } from './auth.store';

/** Logged-out visitors go to the login page, which brings them back here afterwards. */
export const authGuard: CanActivateFn = (_route, state) => {
  const auth = inject(AuthStore);
  return auth.isLoggedIn() || inject(Router).createUrlTree(['/login'], { queryParams: { returnUrl: state.url } });
};

/** Logged-in visitors of the welcome, login and signup pages go straight to the chat. */
export const guestGuard: CanActivateFn = () => {
  const auth = inject(AuthStore);
  return !auth.isLoggedIn() || inject(Router).createUrlTree(['/chat']);
};
