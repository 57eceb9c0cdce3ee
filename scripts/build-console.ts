/**
 * Bundles the operator console (api/src/console/ui → api/src/console/generated/console.js) with
 * esbuild: Fluent web components, MSAL for browsers and the page's code in one file the API
 * serves itself, so the console works offline behind a firewall (no CDN). The bundle is committed
 * because esbuild, Fluent and MSAL are dev dependencies: a production install has none of them.
 * `--check` rebuilds in memory and fails when the committed bundle is stale (npm run check:generated).
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { build } from 'esbuild';

const root = resolve(import.meta.dirname, '..');
const out = resolve(root, 'api/src/console/generated/console.js');

const result = await build({
  entryPoints: [resolve(root, 'api/src/console/ui/main.ts')],
  bundle: true,
  minify: true,
  format: 'esm',
  target: ['es2022', 'chrome110', 'firefox110', 'safari16'],
  platform: 'browser',
  legalComments: 'eof',
  write: false,
  logLevel: 'warning',
});
const text = result.outputFiles[0]!.text;

if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(out, 'utf8');
  } catch {
    // missing counts as stale
  }
  if (current !== text) {
    process.stderr.write('api/src/console/generated/console.js is stale: run `npm run build:console` and commit it.\n');
    process.exit(1);
  }
  process.stdout.write('console bundle is up to date\n');
} else {
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, text);
  process.stdout.write(`wrote api/src/console/generated/console.js (${text.length} bytes)\n`);
}
