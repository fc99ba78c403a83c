/** A piece of a message body: plain text, or an http(s) link. Rendered with interpolation, never as HTML. */
export type Segment = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

/** http(s) URLs, and bare `www.` hosts as people type them (linked over https). */
const URL_PATTERN = /\b(?:https?:\/\/|www\.)[^\s<>"'`]+/gi;
const TRAILING_PUNCTUATION = '.,;:!?\'"]}>';

/** Drops sentence punctuation after a link, but keeps a closing parenthesis the URL opened (as in wiki links). */
function trimUrl(candidate: string): string {
  let url = candidate;
  while (url.length > 0) {
    const last = url[url.length - 1];
    if (last === ')') {
      if (count(url, '(') >= count(url, ')')) break;
    } else if (!TRAILING_PUNCTUATION.includes(last)) {
      break;
    }
    url = url.slice(0, -1);
  }
  return url;
}

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0;
  } catch {
    return false;
  }
}

export function linkify(body: string): Segment[] {
  const segments: Segment[] = [];
  let cursor = 0;
  const pushText = (text: string) => {
    if (!text) return;
    const last = segments[segments.length - 1];
    if (last?.kind === 'text') last.text += text;
    else segments.push({ kind: 'text', text });
  };
  for (const match of body.matchAll(URL_PATTERN)) {
    const start = match.index ?? 0;
    const url = trimUrl(match[0]);
    const href = /^www\./i.test(url) ? `https://${url}` : url;
    pushText(body.slice(cursor, start));
    if (isHttpUrl(href)) segments.push({ kind: 'link', text: url, href });
    else pushText(url);
    cursor = start + url.length;
  }
  pushText(body.slice(cursor));
  return segments;
}
