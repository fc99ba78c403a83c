/**
 * `npm run bench`: the same Socket.IO load against a bare relay and against Parley (SQLite, and
 * PostgreSQL if asked), compared in one table and saved as JSON under tmp/bench/. See bench-options.ts.
 */
import { USAGE, parseOptions } from './bench-options';
import { installCleanup, killAll } from './process-control';
import { formatIdleTable } from './idle/idle-report';
import { runIdle, type IdleResult } from './idle/run-idle';
import { formatReadsTable } from './reads/reads-report';
import type { ReadsResult } from './reads/reads-types';
import { runReads } from './reads/run-reads';
import { formatTable, writeJson, writePlanJson } from './report';
import type { BenchOptions } from './bench-types';
import { planOf } from './plan';
import { formatSummary, summarize, type CompletedRun } from './summary';
import { runBench, stopActive } from './run-bench';
import { scenariosOf } from './scenarios';

/** Bounded even if something hangs: setup allowance plus every phase and its drain, per target (seconds). */
function timeLimitS(options: BenchOptions): number {
  // A sweep step: warm-up and measured seconds, then at most a drain for each and the wait for a quiet server.
  const sweep = options.sweep;
  const loadS = options.warmupS + (sweep ? sweep.maxSteps * (sweep.warmupS + sweep.stepS + 3 * options.drainS) : options.durationS);
  const perTarget = 120 + 30 * (options.processes - 1) + loadS + options.closedS + 3 * options.drainS;
  // Reads: seeding at a pessimistic 5,000 messages/s on a busy machine, plus the boots and the measured reads.
  // Idle memory: signing up 20 users per 400 sockets at a few per second, then connecting them.
  const perIdle = options.idleSockets === null ? 0 : 120 + options.idleSockets / 20;
  const perReads = options.reads ? 300 + options.reads.messages / 5000 + 3 * options.reads.guardS + options.reads.samples : 0;
  return perTarget * scenariosOf(options).length + perReads * options.readsDbs.length + perIdle * options.idleTargets.length;
}

/** One command line's worth: the load phases, idle memory and reads it asks for, each table printed as it is done. */
async function runOne(options: BenchOptions, log: (line: string) => void): Promise<Omit<CompletedRun, 'name'>> {
  const results = await runBench(options, log);
  const idle: IdleResult[] = [];
  for (const target of options.idleSockets === null ? [] : options.idleTargets) {
    log(`idle ${target}: ${options.idleSockets!.toLocaleString('en')} sockets`);
    idle.push(await runIdle(target, options.idleSockets!, log));
  }
  const reads: ReadsResult[] = [];
  for (const db of options.reads ? options.readsDbs : []) {
    const { messages, reuseDb } = options.reads!;
    log(`reads ${db}: ${reuseDb ? `the database kept in ${reuseDb}` : `${messages.toLocaleString('en')} messages`}`);
    reads.push(await runReads(db, options.reads!, log));
  }
  if (results.length) console.log(formatTable(results, options));
  if (idle.length) console.log(formatIdleTable(idle));
  if (reads.length) console.log(formatReadsTable(reads));
  return { results, idle, reads };
}

/** The sweep looks for the rate where messages start to go missing: its failing steps' errors are its finding. */
const errorsOf = ({ results, reads }: Omit<CompletedRun, 'name'>) =>
  results.flatMap((r) => r.phases).filter((p) => p.phase !== 'sweep').reduce((n, p) => n + p.errorCount, 0) + reads.reduce((n, r) => n + r.errors, 0);

const NOTE = 'Note: loopback, one machine; the load generator shares the CPU with the server. Compare columns, not absolutes.';

async function main(): Promise<number> {
  if (process.argv.includes('--help')) {
    console.log(USAGE);
    return 0;
  }
  const argv = process.argv.slice(2);
  const plan = planOf(argv);
  // Every run's options are checked before the first one starts.
  const runs = (plan ?? [{ name: '', argv }]).map((run) => ({ ...run, options: parseOptions(run.argv) }));
  installCleanup(stopActive);
  const watchdog = setTimeout(() => {
    console.error('bench: time limit reached, stopping');
    killAll();
    process.exit(2);
  }, runs.reduce((s, run) => s + timeLimitS(run.options), 0) * 1000);
  watchdog.unref();

  const log = (line: string) => console.log(line);
  const completed: Array<CompletedRun & { options: BenchOptions }> = [];
  for (const run of runs) {
    if (plan) log(`\n=== ${run.name}: npm run bench -- ${run.argv.join(' ')}`);
    completed.push({ name: run.name, options: run.options, ...(await runOne(run.options, log)) });
  }
  const errors = completed.reduce((n, run) => n + errorsOf(run), 0);
  if (plan) {
    const summary = summarize(completed);
    console.log(formatSummary(summary));
    console.log(`\nResults: ${writePlanJson(completed, summary, runs[0].options.outDir)}`);
    console.log(NOTE);
    // Last, one JSON object: every figure with a target, its baseline and ratio (the file has everything else).
    console.log(JSON.stringify({ summary }));
  } else {
    const [{ options, results, reads, idle }] = completed;
    console.log(`\nResults: ${writeJson(results, options, reads, idle)}`);
    console.log(NOTE);
  }
  if (errors) console.error(`bench: ${errors} errors (see the table)`);
  return errors ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  async (error: unknown) => {
    console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
    await stopActive();
    process.exit(1);
  },
);
