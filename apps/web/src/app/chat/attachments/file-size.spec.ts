import { formatFileSize } from './file-size';

describe('formatFileSize', () => {
  it('names sizes the way people read them', () => {
    expect([1, 820, 14 * 1024, 2.44 * 1024 ** 2, 25 * 1024 ** 2, 3 * 1024 ** 3].map(formatFileSize)).toEqual([
      '1 byte',
      '820 bytes',
      '14 KB',
      '2.4 MB',
      '25 MB',
      '3 GB',
    ]);
  });
});
