import type { ByteRange } from './storage/file-store';

/**
 * One `Range: bytes=…` of a file of `size` bytes: the range, 'unsatisfiable' (416), or null to send
 * the whole file (no header, another unit, or several ranges — which a server may answer in full).
 */
export function parseRange(header: string | undefined, size: number): ByteRange | 'unsatisfiable' | null {
  if (!header) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return null;
  const [, from, to] = match;
  if (!from && !to) return null;
  if (!from) {
    const suffix = Number(to);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(from);
  if (start >= size) return 'unsatisfiable';
  const end = to ? Math.min(Number(to), size - 1) : size - 1;
  if (end < start) return 'unsatisfiable';
  return { start, end };
}
