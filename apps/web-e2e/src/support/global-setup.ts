import { existsSync } from 'node:fs';
import { apiMainJs, chromiumPath, hasChromium, webDistDir } from './paths';

/** Fails fast on a missing build; a missing browser fails in CI and is skipped loudly elsewhere. */
export default function setup(): void {
  for (const [what, path] of [
    ['API bundle', apiMainJs],
    ['web build', `${webDistDir}/index.html`],
  ]) {
    if (!existsSync(path)) throw new Error(`${what} not found at ${path}: run \`npx nx e2e web-e2e\` (it builds first).`);
  }
  if (hasChromium()) return;
  if (process.env['CI']) {
    throw new Error(`Chromium not found at ${chromiumPath}; CI must install it (apt-get install -y chromium).`);
  }
  const bar = '!'.repeat(78);
  console.warn(`\n${bar}\n!! web-e2e: ${chromiumPath} is missing: EVERY BROWSER TEST IS SKIPPED.\n!! Install it with: apt-get install -y chromium\n${bar}\n`);
}
