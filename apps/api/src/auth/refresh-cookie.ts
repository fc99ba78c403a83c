import type { CookieOptions, Request, Response } from 'express';

export const REFRESH_COOKIE = 'parley_refresh';
/**
 * Not a secret: "there may be a session here". Readable by the page, so a signed-out visit does not
 * ask for a refresh it would only be refused (a 401 the browser logs as a console error).
 */
export const SESSION_HINT_COOKIE = 'parley_session';

/** httpOnly so scripts never see it, SameSite=Strict against CSRF, scoped to the auth routes only. */
function cookieOptions(secure: boolean, maxAgeSeconds?: number): CookieOptions {
  return {
    httpOnly: true,
    sameSite: 'strict',
    secure,
    path: '/api/auth',
    ...(maxAgeSeconds ? { maxAge: maxAgeSeconds * 1000 } : {}),
  };
}

function hintOptions(secure: boolean, maxAgeSeconds?: number): CookieOptions {
  return { ...cookieOptions(secure, maxAgeSeconds), httpOnly: false, path: '/' };
}

export function setRefreshCookie(res: Response, token: string, secure: boolean, maxAgeSeconds: number): void {
  res.cookie(REFRESH_COOKIE, token, cookieOptions(secure, maxAgeSeconds));
  res.cookie(SESSION_HINT_COOKIE, '1', hintOptions(secure, maxAgeSeconds));
}

export function clearRefreshCookie(res: Response, secure: boolean): void {
  res.clearCookie(REFRESH_COOKIE, cookieOptions(secure));
  res.clearCookie(SESSION_HINT_COOKIE, hintOptions(secure));
}

export function readRefreshCookie(req: Request): string | undefined {
  const value = (req.cookies as Record<string, unknown> | undefined)?.[REFRESH_COOKIE];
  return typeof value === 'string' && value.length > 0 && value.length <= 256 ? value : undefined;
}
