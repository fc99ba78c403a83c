import { findUnstorableString } from './validation.pipe';

const NUL = 'must not contain NUL characters';
const SURROGATE = 'must not contain unpaired UTF-16 surrogates';

describe('findUnstorableString', () => {
  it('names the path of the first string holding U+0000, and why', () => {
    expect(findUnstorableString({ a: 'ok', b: { c: ['x', 'y\u0000'] } })).toEqual({ path: 'b.c.1', problem: NUL });
    expect(findUnstorableString('top\u0000')).toEqual({ path: '', problem: NUL });
  });

  it('names the path of the first string with a lone surrogate, and why', () => {
    expect(findUnstorableString({ body: 'fine \uD83D\uDE00', title: 'cut \uD83D' })).toEqual({ path: 'title', problem: SURROGATE });
    expect(findUnstorableString(['\uDE00'])).toEqual({ path: '0', problem: SURROGATE });
  });

  it('reports the first bad string in the input, NUL first within one string', () => {
    expect(findUnstorableString({ a: '\uD83D', b: 'x\u0000' })).toEqual({ path: 'a', problem: SURROGATE });
    expect(findUnstorableString({ a: '\uD83D\u0000' })).toEqual({ path: 'a', problem: NUL });
  });

  it('finds nothing in clean input', () => {
    expect(findUnstorableString({ body: 'hello \uD83D\uDE00', n: 3, list: ['a'] })).toBeUndefined();
  });

  it('does not walk into class instances such as sockets', () => {
    class Socket {
      server = { sockets: new Map(), name: 'x\u0000' };
    }
    expect(findUnstorableString({ socket: new Socket() })).toBeUndefined();
  });
});
