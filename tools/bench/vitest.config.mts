import { defineConfig } from 'vitest/config';
import { nxViteTsPaths } from '@nx/vite/plugins/nx-tsconfig-paths.plugin';

/**
 * The tsconfig paths plugin resolves @parley/contract for the specs that import its values in process
 * (the seed layout's rows); the relay, the load generator and the seeder run as child processes through
 * register.cjs.
 *
 * The smoke spec starts real servers (relay and Parley) and a load generator: one file at a time.
 */
export default defineConfig(() => ({
  root: import.meta.dirname,
  cacheDir: '../../node_modules/.vite/tools/bench',
  plugins: [nxViteTsPaths()],
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
