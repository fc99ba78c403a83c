import { findNulCharacter } from './validation.pipe';

describe('findNulCharacter', () => {
  it('names the path of the first string holding U+0000', () => {
    expect(findNulCharacter({ a: 'ok', b: { c: ['x', 'y\u0000'] } })).toBe('b.c.1');
    expect(findNulCharacter('top\u0000')).toBe('');
  });

  it('finds nothing in clean input', () => {
    expect(findNulCharacter({ body: 'hello', n: 3, list: ['a'] })).toBeUndefined();
  });

  it('does not walk into class instances such as sockets', () => {
    class Socket {
      server = { sockets: new Map(), name: 'x\u0000' };
    }
    expect(findNulCharacter({ socket: new Socket() })).toBeUndefined();
  });
});
