// Named *.e2e.config so the @nx/vitest plugin infers no unit "test"/"test-ci" targets: this suite needs the builds first (see the e2e target).
import { defineConfig } from 'vitest/config';

/**
 * Browser suite: each file starts a real API process (serving the built SPA) and drives Debian's Chromium.
 * Files run one at a time: the machine is small and Chromium is heavy.
 */
export default defineConfig(() => ({
  root: import.meta.dirname,
  cacheDir: '../../node_modules/.vite/apps/web-e2e',
  test: {
    name: 'web-e2e',
    watch: false,
    globals: false,
    environment: 'node',
    include: ['src/**/*.e2e-spec.ts'],
    globalSetup: ['src/support/global-setup.ts'],
    pool: 'forks',
    fileParallelism: false,
    maxWorkers: 1,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    teardownTimeout: 30_000,
    reporters: ['default'],
  },
}));
