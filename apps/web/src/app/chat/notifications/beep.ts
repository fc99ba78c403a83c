let context: AudioContext | null = null;

/** One shared AudioContext, created (and resumed) on first use: best first called from a click, where browsers allow audio. */
function audio(): AudioContext | null {
  try {
    context ??= new AudioContext();
    if (context.state === 'suspended') void context.resume();
    return context;
  } catch {
    return null;
  }
}

/** A soft two-tone chime made with WebAudio: no sound file to download. */
export function beep(): void {
  const ctx = audio();
  if (!ctx) return;
  const start = ctx.currentTime;
  for (const [offset, frequency] of [
    [0, 880],
    [0.11, 1320],
  ] as const) {
    const oscillator = ctx.createOscillator();
    const gain = ctx.createGain();
    oscillator.type = 'sine';
    oscillator.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, start + offset);
    gain.gain.exponentialRampToValueAtTime(0.18, start + offset + 0.015);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.18);
    oscillator.connect(gain).connect(ctx.destination);
    oscillator.start(start + offset);
    oscillator.stop(start + offset + 0.2);
  }
}
