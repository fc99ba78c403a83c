import { defineConfig } from 'vitest/config';
import { nxViteTsPaths } from '@nx/vite/plugins/nx-tsconfig-paths.plugin';

/** The checker's own units (the verdict); the chaos run itself is vitest.chaos.config.mts (`nx e2e chaos`). */
export default defineConfig(() => ({
  root: import.meta.dirname,
  cacheDir: '../../node_modules/.vite/tools/chaos-unit',
  plugins: [nxViteTsPaths()],
  test: {
    name: 'chaos-unit',
    watch: false,
    globals: false,
    environment: 'node',
    include: ['src/**/*.spec.ts'],
    reporters: ['default'],
  },
}));
