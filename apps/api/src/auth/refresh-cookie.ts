import type { CookieOptions, Request, Response } from 'express';

export const REFRESH_COOKIE = 'parley_refresh';

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

export function setRefreshCookie(res: Response, token: string, secure: boolean, maxAgeSeconds: number): void {
  res.cookie(REFRESH_COOKIE, token, cookieOptions(secure, maxAgeSeconds));
}

export function clearRefreshCookie(res: Response, secure: boolean): void {
  res.clearCookie(REFRESH_COOKIE, cookieOptions(secure));
}

export function readRefreshCookie(req: Request): string | undefined {
  const value = (req.cookies as Record<string, unknown> | undefined)?.[REFRESH_COOKIE];
  return typeof value === 'string' && value.length > 0 && value.length <= 256 ? value : undefined;
}
