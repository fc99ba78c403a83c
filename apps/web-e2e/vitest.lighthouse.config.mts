// Lighthouse on a conversation, against a real server with Debian's Chromium: `npx nx run web-e2e:lighthouse`.
// Not part of `npm test`: a Lighthouse score moves with the load of the machine it runs on.
import { defineConfig } from 'vitest/config';

export default defineConfig(() => ({
  root: import.meta.dirname,
  cacheDir: '../../node_modules/.vite/apps/web-e2e-lighthouse',
  test: {
    name: 'web-lighthouse',
    watch: false,
    environment: 'node',
    include: ['src/**/*.lighthouse-spec.ts'],
    globalSetup: ['src/support/global-setup.ts'],
    pool: 'forks',
    fileParallelism: false,
    maxWorkers: 1,
    testTimeout: 300_000,
    hookTimeout: 120_000,
    reporters: ['default'],
  },
}));
