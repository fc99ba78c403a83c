/** Only same-app paths are followed after login, so `?returnUrl=` cannot send anyone off-site. */
export function safeReturnUrl(value: string | null | undefined, fallback = '/chat'): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) {
    return fallback;
  }
  if (value === '/login' || value === '/signup' || value.startsWith('/login?') || value.startsWith('/signup?')) {
    return fallback;
  }
  return value;
}
