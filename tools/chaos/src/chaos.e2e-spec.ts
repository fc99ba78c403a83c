import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ActionLog } from './actions';
import type { ChaosLog } from './chaos';
import type { ChangeKind } from './membership';
import type { MessageStateVerdict } from './message-state';
import type { Verdict } from './verify';

const root = resolve(import.meta.dirname, '../../..');
const outDir = mkdtempSync(join(tmpdir(), 'parley-chaos-spec-'));

interface RunResult {
  code: number | null;
  output: string;
  report?: {
    counts: Verdict['counts'];
    chaos: ChaosLog;
    membership: { performed: Record<ChangeKind, number>; readMarks: number; readAcks: number };
    actions: ActionLog & { states: Omit<MessageStateVerdict, 'failures'> };
    failures: string[];
  };
}

/** Runs the real checker (`npm run chaos`'s command) as a child process, as a person would. */
function runChecker(args: string[]): Promise<RunResult> {
  const json = join(outDir, 'report.json');
  return new Promise((done) => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', 'tools/chaos/src/main.ts', ...args, '--json', json], {
      cwd: root,
      env: { ...process.env, SWC_NODE_PROJECT: 'tools/chaos/tsconfig.json', NODE_ENV: undefined },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('exit', (code) => done({ code, output, report: existsSync(json) ? JSON.parse(readFileSync(json, 'utf8')) : undefined }));
  });
}

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('chaos checker (short form)', () => {
  it('loses, duplicates and reorders nothing acknowledged, and every view of memberships, read markers and message states matches the server, while messages are edited, deleted, reacted to and answered, groups change, connections drop, API processes die and Redis restarts', async () => {
    if (!existsSync(join(root, 'dist/apps/api/main.js'))) throw new Error('run `npx nx build api` first (the e2e target does)');
    const result = await runChecker(['--duration', '25', '--users', '8', '--devices', '2', '--settle', '20', '--kills', '4', '--redis-restarts', '3', '--actions', '24']);
    console.log(result.output.split('\n').filter((l) => !l.startsWith('[chaos] ---')).slice(0, 60).join('\n'));
    expect(result.report, result.output.slice(-4000)).toBeDefined();
    const { counts, chaos, membership, actions, failures } = result.report!;

    expect(failures).toEqual([]);
    expect(counts.lost).toBe(0);
    expect(counts.duplicated).toBe(0);
    expect(counts.reordered).toBe(0);
    expect(counts.seqGaps).toBe(0);
    expect(counts.unacknowledged).toBe(0);
    // The run must have done something, or a pass means nothing.
    expect(counts.acknowledged).toBeGreaterThan(50);
    expect(chaos.performed.kill).toBeGreaterThanOrEqual(1);
    expect(chaos.performed.redis).toBeGreaterThanOrEqual(1);
    expect(chaos.performed.drop).toBeGreaterThanOrEqual(1);
    // Groups changed under the traffic, and devices marked conversations read.
    expect(membership.performed.rename).toBeGreaterThanOrEqual(1);
    expect(membership.performed.add).toBeGreaterThanOrEqual(1);
    expect(membership.performed.remove + membership.performed.leave).toBeGreaterThanOrEqual(1);
    expect(membership.performed.readd).toBeGreaterThanOrEqual(1);
    expect(membership.readAcks).toBeGreaterThan(0);
    expect(counts.storedSystem).toBeGreaterThan(0);
    expect(counts.viewsChecked).toBeGreaterThan(0);
    expect(counts.viewMismatches).toBe(0);
    // Messages were edited, deleted, reacted to and answered under the chaos, and every device ended with the server's state of each.
    expect(actions.performed.edit).toBeGreaterThanOrEqual(1);
    expect(actions.performed.delete).toBeGreaterThanOrEqual(1);
    expect(actions.performed.react).toBeGreaterThanOrEqual(1);
    expect(actions.performed.reply).toBeGreaterThanOrEqual(1);
    expect(actions.unexpected).toEqual([]);
    expect(actions.states.edited).toBeGreaterThan(0);
    expect(actions.states.deleted).toBeGreaterThan(0);
    expect(actions.states.withReactions).toBeGreaterThan(0);
    expect(actions.states.replies).toBeGreaterThan(0);
    expect(actions.states.checked).toBeGreaterThan(counts.acknowledged);
    expect(actions.states.mismatches).toBe(0);
    expect(result.code).toBe(0);
  });
});
