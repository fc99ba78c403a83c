/** `--all`: every scenario of the performance issue in one command; `--quick` (or `--all --quick`): the same, scaled down. */

export interface PlannedRun {
  name: string;
  /** The command line of that run, as if given alone. */
  argv: string[];
}

/** Short sweeps and drains, for the quick plan. */
const QUICK_SWEEP = ['--sweep-steps', '3', '--sweep-step', '1', '--sweep-warmup', '0', '--warmup', '0', '--closed', '0', '--drain', '1'];
const QUICK_FIXED = ['--rate', '200', '--duration', '2', '--warmup', '1', '--closed', '1', '--drain', '1'];

const FULL: PlannedRun[] = [
  { name: '1:1 max rate', argv: ['--sweep', '--db', 'both', '--pairs', '500', '--closed', '0'] },
  { name: 'groups of 10 max rate', argv: ['--sweep', '--db', 'both', '--pairs', '50', '--group-size', '10', '--closed', '0'] },
  { name: '1:1 at 1000 msg/s', argv: ['--db', 'both', '--rate', '1000'] },
  { name: '2 processes max rate', argv: ['--processes', '2', '--sweep', '--pairs', '500', '--closed', '0'] },
  { name: '2 processes at 1000 msg/s', argv: ['--processes', '2', '--rate', '1000', '--duration', '10'] },
  { name: 'idle memory', argv: ['--no-load', '--idle', '10000'] },
  { name: 'reads at 5M', argv: ['--no-load', '--reads', '--db', 'both'] },
];

const QUICK: PlannedRun[] = [
  { name: '1:1 max rate', argv: ['--sweep', '--pairs', '20', ...QUICK_SWEEP] },
  { name: 'groups of 10 max rate', argv: ['--sweep', '--pairs', '4', '--group-size', '10', ...QUICK_SWEEP] },
  { name: '1:1 at 200 msg/s', argv: ['--pairs', '10', ...QUICK_FIXED] },
  { name: '2 processes at 200 msg/s', argv: ['--processes', '2', '--pairs', '10', ...QUICK_FIXED] },
  { name: 'idle memory', argv: ['--no-load', '--idle', '400'] },
  { name: 'reads at 20k', argv: ['--no-load', '--reads', '--messages', '20000', '--samples', '20', '--read-warmup', '2', '--guard', '2', '--guard-clients', '4', '--sync-runs', '1'] },
];

/** The runs `--all` or `--quick` stand for, or null without either (then the command line is one run). */
export function planOf(argv: string[]): PlannedRun[] | null {
  const quick = argv.includes('--quick');
  if (!quick && !argv.includes('--all')) return null;
  const others = argv.filter((a) => a !== '--all' && a !== '--quick');
  if (others.length) throw new Error(`--all and --quick take no other options (got ${others.join(' ')})`);
  return quick ? QUICK : FULL;
}
