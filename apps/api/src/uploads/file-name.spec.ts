import { Limits } from '@parley/contract';
import { contentDisposition, sanitizeFileName } from './file-name';

describe('sanitizeFileName', () => {
  it('keeps only the last path segment and drops control and bidi characters', () => {
    expect(sanitizeFileName('../../etc/passwd')).toBe('passwd');
    expect(sanitizeFileName('C:\\Users\\me\\cat.png')).toBe('cat.png');
    expect(sanitizeFileName('a\u0000b\nc\u202Egnp.exe')).toBe('abcgnp.exe');
    expect(sanitizeFileName('  .hidden  ')).toBe('hidden');
  });

  it('names an empty or missing name "file"', () => {
    expect(sanitizeFileName(undefined)).toBe('file');
    expect(sanitizeFileName('/')).toBe('file');
    expect(sanitizeFileName('...')).toBe('file');
  });

  it('cuts a long name to the limit, keeping the extension', () => {
    const name = sanitizeFileName(`${'x'.repeat(500)}.jpeg`);
    expect(Array.from(name)).toHaveLength(Limits.fileNameMax);
    expect(name.endsWith('.jpeg')).toBe(true);
  });
});

describe('contentDisposition', () => {
  it('gives an ASCII fallback and the UTF-8 name', () => {
    expect(contentDisposition('attachment', 'résumé "final".pdf')).toBe(
      `attachment; filename="r_sum_ _final_.pdf"; filename*=UTF-8''r%C3%A9sum%C3%A9%20%22final%22.pdf`,
    );
  });
});
