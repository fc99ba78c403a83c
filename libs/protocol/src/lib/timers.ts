/**
 * Timers, injected: the library is plain TypeScript for browsers and Node alike, and tests can pass
 * fake ones. `globalTimers` late-binds to the global functions, so fake timers installed after
 * construction (vi.useFakeTimers) still apply.
 */
export interface Timers {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

interface GlobalTimerFunctions {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const globalTimers: Timers = {
  set: (callback, ms) => (globalThis as unknown as GlobalTimerFunctions).setTimeout(callback, ms),
  clear: (handle) => (globalThis as unknown as GlobalTimerFunctions).clearTimeout(handle),
};
