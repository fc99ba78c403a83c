import { Limits } from './limits';

describe('Limits', () => {
  it('accepts usernames of any case and the allowed punctuation', () => {
    expect(Limits.usernamePattern.test('Alice_01.x-y')).toBe(true);
  });

  it('rejects spaces and other characters in usernames', () => {
    for (const bad of ['al ice', 'al@ice', 'ålice', '']) {
      expect(Limits.usernamePattern.test(bad)).toBe(false);
    }
  });

  it('accepts UUIDs as client message ids', () => {
    expect(Limits.clientMessageIdPattern.test('0b8f4c1e-5d7a-4c2b-9a51-3f2e6d7c8b90')).toBe(true);
  });
});
