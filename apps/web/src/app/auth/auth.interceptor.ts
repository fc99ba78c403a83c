import { HttpErrorResponse, HttpInterceptorFn, HttpRequest } from '@angular/common/http';
import { inject } from '@angular/core';
import { Router } from '@angular/router';
import { catchError, from, switchMap, throwError } from 'rxjs';
import { AuthStore } from './auth.store';

const withBearer = (request: HttpRequest<unknown>, token: string | null) =>
  token ? request.clone({ setHeaders: { Authorization: `Bearer ${token}` } }) : request;

/**
 * Adds the in-memory access token to API calls; on a 401 it refreshes once and retries once.
 * If the token changed while the call was out (a concurrent refresh already renewed it), the retry uses
 * the new token without refreshing again: a second rotation would be wasted work at best.
 * Auth endpoints are left alone: their 401s mean "wrong password" or "no session", not "token expired".
 */
export const authInterceptor: HttpInterceptorFn = (request, next) => {
  if (!request.url.startsWith('/api/') || request.url.startsWith('/api/auth/')) {
    return next(request);
  }
  const auth = inject(AuthStore);
  const router = inject(Router);
  const sentWith = auth.accessToken();
  return next(withBearer(request, sentWith)).pipe(
    catchError((error: unknown) => {
      if (!(error instanceof HttpErrorResponse) || error.status !== 401) {
        return throwError(() => error);
      }
      const current = auth.accessToken();
      if (current && current !== sentWith) return next(withBearer(request, current));
      return from(auth.refresh()).pipe(
        switchMap((token) => {
          if (!token) {
            if (!auth.isLoggedIn() && !auth.endedByLogout()) {
              void router.navigate(['/login'], { queryParams: { returnUrl: router.url } });
            }
            return throwError(() => error);
          }
          return next(withBearer(request, token));
        }),
      );
    }),
  );
};
