import { defineConfig } from 'vitest/config';
import { nxViteTsPaths } from '@nx/vite/plugins/nx-tsconfig-paths.plugin';

/**
 * Black-box suite: every test file starts its own API process(es), so files may run in parallel,
 * but the machine is small and argon2 hashing is CPU-bound — two workers at most.
 */
export default defineConfig(() => ({
  root: import.meta.dirname,
  cacheDir: '../../node_modules/.vite/apps/api-e2e',
  plugins: [nxViteTsPaths()],
  test: {
    name: 'api-e2e',
    watch: false,
    globals: false,
    environment: 'node',
    include: ['src/**/*.e2e-spec.ts'],
    globalSetup: ['src/support/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    teardownTimeout: 30_000,
    reporters: ['default'],
  },
}));
