import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/** The repository root, from apps/api-e2e/src/support. */
export const workspaceRoot = resolve(import.meta.dirname, '../../../..');

/** The API bundle under test; built by `nx build api` (the e2e target depends on it). */
export const apiMainJs = process.env['PARLEY_API_MAIN'] ?? resolve(workspaceRoot, 'dist/apps/api/main.js');

export function assertApiBuilt(): void {
  if (!existsSync(apiMainJs)) {
    throw new Error(`${apiMainJs} does not exist: run \`npx nx build api\` first (or \`npx nx e2e api-e2e\`, which builds it).`);
  }
}
