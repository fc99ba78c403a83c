// Marks every script of a build with V8's explicit compile hint, so that Chrome compiles all of its
// functions eagerly on the background thread that streams the download, instead of lazily on the main
// thread the first time each one runs. Nearly all of the app's code runs while the first page renders,
// and that lazy compilation was half the main thread's blocking time on a phone-speed CPU (see the README's
// web performance figures). Run before precompress.mjs; running it twice changes nothing.
// Usage: node tools/precompress/compile-hints.mjs dist/apps/web/browser
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const COMPILE_HINT = '//# allFunctionsCalledOnLoad\n';

function* scripts(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* scripts(path);
    else if (/\.m?js$/.test(entry.name)) yield path;
  }
}

/** Prepends the hint to one script (and shifts its source map by the added line); false if it had it already. */
export function addCompileHint(path) {
  const code = readFileSync(path, 'utf8');
  if (code.startsWith(COMPILE_HINT)) return false;
  writeFileSync(path, COMPILE_HINT + code);
  const mapPath = `${path}.map`;
  if (existsSync(mapPath)) {
    const map = JSON.parse(readFileSync(mapPath, 'utf8'));
    map.mappings = `;${map.mappings}`;
    writeFileSync(mapPath, JSON.stringify(map));
  }
  return true;
}

const dir = process.argv[2];
if (import.meta.url === `file://${process.argv[1]}`) {
  if (!dir || !statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
    console.error(`compile-hints: no such directory: ${dir}`);
    process.exit(1);
  }
  let marked = 0;
  for (const path of scripts(dir)) if (addCompileHint(path)) marked += 1;
  console.log(`compile-hints: ${dir}: ${marked} scripts marked`);
}
