import { runFuzz } from './fuzz';

/** `npm run fuzz [-- --seed N --duration S]`: fuzzes a fresh server for S seconds (default 120) and exits 1 on any finding. */
function argValue(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a number`);
  return value;
}

async function main(): Promise<void> {
  const seed = argValue('seed', Date.now() % 2 ** 31);
  const durationMs = argValue('duration', 120) * 1000;
  console.log(`fuzzing for ${durationMs / 1000} s with --seed ${seed}`);
  const report = await runFuzz({ seed, durationMs, log: (line) => console.log(line) });
  console.log(JSON.stringify({ ...report, findings: report.findings.length }, null, 2));
  for (const finding of report.findings) console.log(`FINDING: ${finding}`);
  process.exit(report.findings.length ? 1 : 0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(2);
});
