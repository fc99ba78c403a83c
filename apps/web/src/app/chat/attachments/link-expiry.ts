/** A download started this close to its link's expiry might not finish starting in time. */
const EXPIRY_MARGIN_MS = 10_000;

/** Whether a signed link (`…?exp=<seconds>&sig=…`) is past or near its expiry; a link without `exp` never is. */
export function expiresSoon(url: string, now = Date.now()): boolean {
  const exp = Number(new URL(url, 'http://link').searchParams.get('exp'));
  return exp > 0 && exp * 1000 - now < EXPIRY_MARGIN_MS;
}
