import { Limits } from '@parley/contract';

/**
 * A client's file name made safe to show and to put in Content-Disposition: the last path segment
 * only, no control or bidirectional-override characters, no leading dots, at most
 * `Limits.fileNameMax` characters with the extension kept. It is never used as a storage path.
 */
export function sanitizeFileName(raw: string | undefined): string {
  const lastSegment = (raw ?? '').split(/[/\\]/).pop() ?? '';
  const cleaned = lastSegment
    .normalize('NFC')
    // C0, DEL, C1 controls; bidi overrides and isolates (which can disguise an extension); line/paragraph separators.
    .replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '')
    .trim();
  const name = cleaned || 'file';
  const chars = Array.from(name);
  if (chars.length <= Limits.fileNameMax) return name;
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? Array.from(name.slice(dot)) : [];
  if (ext.length > 16) return chars.slice(0, Limits.fileNameMax).join('');
  return chars.slice(0, Limits.fileNameMax - ext.length).join('').trimEnd() + ext.join('');
}

/** `Content-Disposition` with an ASCII fallback and the UTF-8 name (RFC 6266 / 5987). */
export function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
