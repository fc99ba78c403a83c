/**
 * At most `size` tasks at once; the others wait their turn, first come first served. Used to run few
 * heavy reads at a time: the event loop then interleaves a cheap request with a few heavy ones'
 * steps instead of with every one's, while the heavy reads' total throughput stays what the process
 * can do anyway.
 */
export class Slots {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly size: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running++;
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }

  /** Tasks waiting for a slot (not counting those running). */
  get queued(): number {
    return this.waiting.length;
  }
}
