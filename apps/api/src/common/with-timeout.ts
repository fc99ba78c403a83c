/** Rejects with `timed out` when `work` takes longer than `ms`; the timer never outlives the race. */
export async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('timed out')), ms))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
