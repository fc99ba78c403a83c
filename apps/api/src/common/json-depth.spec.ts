import { exceedsDepth, hasLoneSurrogate } from './json-depth';

const nested = (depth: number): unknown => {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i++) value = i % 2 ? { a: value } : [value];
  return value;
};

describe('exceedsDepth', () => {
  it('measures objects and arrays alike, scalars count for nothing', () => {
    expect(exceedsDepth('x', 1)).toBe(false);
    expect(exceedsDepth({ a: 1 }, 1)).toBe(false);
    expect(exceedsDepth({ a: { b: 1 } }, 1)).toBe(true);
    expect(exceedsDepth(nested(32), 32)).toBe(false);
    expect(exceedsDepth(nested(33), 32)).toBe(true);
  });

  it('copes with 100 000 levels without overflowing the stack', () => {
    expect(exceedsDepth(JSON.parse('['.repeat(100_000) + ']'.repeat(100_000)), 32)).toBe(true);
  });
});

describe('hasLoneSurrogate', () => {
  it('finds a high or low surrogate without its pair, and accepts proper pairs', () => {
    expect(hasLoneSurrogate('a\uD83Db')).toBe(true);
    expect(hasLoneSurrogate('a\uDE00b')).toBe(true);
    expect(hasLoneSurrogate('end\uD83D')).toBe(true);
    expect(hasLoneSurrogate('smile \uD83D\uDE00 ok')).toBe(false);
    expect(hasLoneSurrogate('plain')).toBe(false);
  });
});
