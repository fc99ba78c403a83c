/**
 * True when `value` nests objects or arrays deeper than `maxDepth`. Iterative, so a body nested
 * 100 000 levels deep is measured without the recursion that made the validation pipe overflow
 * its stack; it stops at the first level too deep.
 */
export function exceedsDepth(value: unknown, maxDepth: number): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const stack: Array<[object, number]> = [[value, 1]];
  while (stack.length) {
    const [node, depth] = stack.pop() as [object, number];
    if (depth > maxDepth) return true;
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
  return false;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * True for a string with an unpaired UTF-16 surrogate. Such a string cannot be stored as UTF-8:
 * the database would keep U+FFFD in its place, so what was acknowledged would differ from what
 * is stored. Refused for every input, on every route and event alike.
 */
export function hasLoneSurrogate(value: string): boolean {
  return LONE_SURROGATE.test(value);
}
