import { defineConfig } from 'vitest/config';

/**
 * Own file name (not vitest.config.*): Nx would otherwise infer a `test` target, and the root
 * Vitest workspace would pick the chaos run up as a unit-test project.
 */
export default defineConfig({
  root: import.meta.dirname,
  cacheDir: '../../node_modules/.vite/tools/chaos',
  test: {
    name: 'chaos',
    watch: false,
    environment: 'node',
    include: ['src/**/*.e2e-spec.ts'],
    pool: 'forks',
    maxWorkers: 1,
    testTimeout: 240_000,
    reporters: ['default'],
  },
});
