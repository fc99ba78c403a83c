/**
 * Display names are shown to other people, so what reaches the database is plain text that looks
 * like what it is: no terminal escape sequences, no bidi overrides that reorder what follows, no
 * other control characters, whitespace collapsed. A name with nothing visible left is refused.
 */
const ANSI_CSI = /\u001b\[[0-?]*[ -/]*[@-~]/g;
const ANSI_OSC = /\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?/g;
/** Embeddings, overrides, isolates and the directional marks (LRM, RLM, ALM). */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g;
const CONTROLS = /\p{Cc}/gu;
/** What renders as nothing: whitespace, format characters (zero-width ones), and the blank-looking fillers. */
const INVISIBLE = /[\s\p{Cf}\p{M}\u3164\u115F\u1160\uFFA0\u2800\u00AD]/gu;

export function sanitizeDisplayName(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  return value
    .normalize('NFC')
    .replace(ANSI_CSI, '')
    .replace(ANSI_OSC, '')
    .replace(BIDI_CONTROLS, '')
    .replace(CONTROLS, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
}

export function hasVisibleCharacter(value: string): boolean {
  return value.replace(INVISIBLE, '').length > 0;
}
