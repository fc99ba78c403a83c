import { defineConfig } from 'vitest/config';
import { nxViteTsPaths } from '@nx/vite/plugins/nx-tsconfig-paths.plugin';

/** Own file name (not vitest.config.*), so Nx infers no `test` target and the root workspace does not pick it up. */
export default defineConfig({
  root: import.meta.dirname,
  cacheDir: '../../node_modules/.vite/tools/fuzz',
  plugins: [nxViteTsPaths()],
  test: {
    name: 'fuzz',
    watch: false,
    environment: 'node',
    include: ['src/**/*.e2e-spec.ts'],
    pool: 'forks',
    maxWorkers: 1,
    testTimeout: 120_000,
    reporters: ['default'],
  },
});
