/** Rows shorter than this on screen do not count as seen. */
const MIN_VISIBLE_PX = 8;

/**
 * The highest seq among the rows (elements with `data-seq`) that show inside the scroller, or 0. Scans from
 * the newest, which is where the reader usually is, and stops at the first one on screen.
 */
export function lastVisibleSeq(scroller: HTMLElement): number {
  const view = scroller.getBoundingClientRect();
  if (view.height === 0) return 0;
  const rows = scroller.querySelectorAll<HTMLElement>('[data-seq]');
  for (let i = rows.length - 1; i >= 0; i--) {
    const box = rows[i].getBoundingClientRect();
    if (box.top > view.bottom - MIN_VISIBLE_PX) continue;
    if (box.bottom < view.top + MIN_VISIBLE_PX) return 0;
    return Number(rows[i].dataset['seq']) || 0;
  }
  return 0;
}
