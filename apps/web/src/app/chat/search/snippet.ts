/** A piece of a search snippet: plain text, or a hit to highlight. */
export interface SnippetSegment {
  text: string;
  mark: boolean;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes the entities an HTML escaper writes (named, decimal and hex); anything unknown stays as typed. */
export function unescapeHtml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/**
 * The server's snippet (escaped text with `<mark>`…`</mark>` around the hits) as text and mark
 * segments, rendered with interpolation: the only markup honoured is the mark, so nothing in a message
 * can ever become HTML here, whatever the server sent. An unclosed mark runs to the end.
 */
export function parseSnippet(snippet: string): SnippetSegment[] {
  const segments: SnippetSegment[] = [];
  const push = (raw: string, mark: boolean) => {
    const text = unescapeHtml(raw);
    if (!text) return;
    const last = segments[segments.length - 1];
    if (last && last.mark === mark) last.text += text;
    else segments.push({ text, mark });
  };
  let rest = snippet;
  let inMark = false;
  while (rest) {
    const tag = inMark ? '</mark>' : '<mark>';
    const at = rest.indexOf(tag);
    if (at < 0) {
      push(rest, inMark);
      break;
    }
    push(rest.slice(0, at), inMark);
    rest = rest.slice(at + tag.length);
    inMark = !inMark;
  }
  return segments;
}
