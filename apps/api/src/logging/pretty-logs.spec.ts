import { usePrettyLogs } from './pretty-logs';

describe('usePrettyLogs', () => {
  it('is on only for a terminal outside production', () => {
    expect(usePrettyLogs(false, true)).toBe(true);
    expect(usePrettyLogs(true, true)).toBe(false);
    expect(usePrettyLogs(false, false)).toBe(false);
  });
});
