import { describe, expect, it } from 'vitest';
import { parseOptions } from './bench-options';
import type { TargetResult, Topology } from './bench-types';
import { processesOfGroup, relayFor, scenarioLabel, scenariosOf } from './scenarios';

const result = (target: TargetResult['target'], topology: Topology): TargetResult => ({ target, topology, phases: [], setupS: 0 });

describe('--processes and --adapter', () => {
  it('one process by default, with no Redis adapter: today\'s run', () => {
    const options = parseOptions([]);
    expect(options).toMatchObject({ processes: 1, adapters: [], targets: ['relay', 'sqlite'] });
    expect(scenariosOf(options)).toEqual([
      { target: 'relay', topology: { processes: 1, adapter: null } },
      { target: 'sqlite', topology: { processes: 1, adapter: null } },
    ]);
  });

  it('several processes run Parley on PostgreSQL, each adapter a round with its relay first', () => {
    const options = parseOptions(['--processes', '3', '--adapter', 'both']);
    expect(options).toMatchObject({ processes: 3, adapters: ['classic', 'sharded'], targets: ['relay', 'postgres'] });
    expect(scenariosOf(options).map(scenarioLabel)).toEqual(['relay 3p classic', 'postgres 3p classic', 'relay 3p sharded', 'postgres 3p sharded']);
    expect(parseOptions(['--processes', '2']).adapters).toEqual(['classic']);
  });

  it('refuses what it cannot run: SQLite or more than 3 processes, an unknown adapter, an adapter for one process', () => {
    expect(() => parseOptions(['--processes', '2', '--db', 'sqlite'])).toThrow(/PostgreSQL only/);
    expect(() => parseOptions(['--processes', '2', '--db', 'both'])).toThrow(/PostgreSQL only/);
    expect(() => parseOptions(['--processes', '4'])).toThrow(/--processes/);
    expect(() => parseOptions(['--processes', '1.5'])).toThrow(/--processes/);
    expect(() => parseOptions(['--processes', '2', '--adapter', 'fast'])).toThrow(/--adapter must be classic, sharded or both/);
    expect(() => parseOptions(['--adapter', 'sharded'])).toThrow(/--adapter needs --processes 2 or 3/);
  });
});

describe('processesOfGroup', () => {
  it('puts every sender and its recipient on different processes, and spreads the senders evenly', () => {
    for (const processes of [2, 3]) {
      const spread = Array.from({ length: 30 }, (_, i) => processesOfGroup(i, 1, processes));
      for (const { sender, recipients } of spread) {
        expect(recipients).toHaveLength(1);
        expect(sender).not.toBe(recipients[0]);
        expect(recipients[0]).toBeLessThan(processes);
      }
      const sendersPer = Array.from({ length: processes }, (_, p) => spread.filter((s) => s.sender === p).length);
      expect(sendersPer).toEqual(Array(processes).fill(30 / processes));
    }
  });

  it('with one process both sockets of a pair are on it', () => {
    expect(processesOfGroup(7, 1, 1)).toEqual({ sender: 0, recipients: [0] });
  });

  it('puts a group\'s recipients on every process but the sender\'s, evenly', () => {
    expect(processesOfGroup(0, 9, 1).recipients).toEqual(Array(9).fill(0));
    for (const processes of [2, 3]) {
      for (let i = 0; i < 6; i++) {
        const { sender, recipients } = processesOfGroup(i, 9, processes);
        expect(recipients).toHaveLength(9);
        expect(recipients).not.toContain(sender);
        const per = Array.from({ length: processes }, (_, p) => recipients.filter((r) => r === p).length).filter((n) => n > 0);
        expect(per).toHaveLength(processes - 1);
        expect(Math.max(...per) - Math.min(...per)).toBeLessThanOrEqual(1);
      }
    }
  });
});

describe('relayFor', () => {
  it('compares each Parley with the relay of the same process count and adapter', () => {
    const results = [
      result('relay', { processes: 2, adapter: 'classic' }),
      result('postgres', { processes: 2, adapter: 'classic' }),
      result('relay', { processes: 2, adapter: 'sharded' }),
      result('postgres', { processes: 2, adapter: 'sharded' }),
    ];
    expect(relayFor(results[1], results)).toBe(results[0]);
    expect(relayFor(results[3], results)).toBe(results[2]);
    expect(relayFor(results[0], results)).toBeUndefined();
    expect(relayFor(results[3], results.slice(0, 2))).toBeUndefined();
  });
});
