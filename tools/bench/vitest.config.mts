import { defineConfig } from 'vitest/config';

/**
 * No tsconfig-paths plugin: in-process code imports only types from @parley/contract; the relay and the
 * load generator (which import values) run as child processes through register.cjs.
 *
 * The smoke spec starts real servers (relay and Parley) and a load generator: one file at a time.
 */
export default defineConfig(() => ({
  root: import.meta.dirname,
  cacheDir: '../../node_modules/.vite/tools/bench',
  test: {
    name: 'bench',
    watch: false,
    environment: 'node',
    include: ['src/**/*.spec.ts'],
    pool: 'forks',
    maxWorkers: 1,
    testTimeout: 120_000,
    reporters: ['default'],
  },
}));
