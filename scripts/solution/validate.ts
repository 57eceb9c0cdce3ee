/**
 * `npm run validate [-- --schemas DIR] [zips…]`: static checks of the packed solutions in
 * dist/solution/ (or the zips given as arguments), all validated together so the flows are checked
 * against the connector package. `--schemas DIR` (or CONNECTOR_SCHEMAS_DIR) adds Microsoft's
 * published connector schemas to the connector checks the repository carries.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { checkSettingsFile } from './validate/import-rules.ts';
import { validatePackages } from './validate/index.ts';

const root = resolve(import.meta.dirname, '..', '..');
const { values, positionals: args } = parseArgs({ args: process.argv.slice(2), options: { schemas: { type: 'string' } }, allowPositionals: true });
const schemaDir = values.schemas ?? (process.env.CONNECTOR_SCHEMAS_DIR || undefined);
const dir = join(root, 'dist', 'solution');
let files: string[];
try {
  files = args.length ? args.map((a) => resolve(a)) : readdirSync(dir).filter((f) => f.endsWith('.zip')).sort().map((f) => join(dir, f));
} catch {
  files = [];
}
if (files.length === 0) {
  console.error(`no solution zips found in ${dir}: run "npm run solution" first`);
  process.exit(1);
}
const findings = validatePackages(files.map((f) => ({ file: basename(f), bytes: new Uint8Array(readFileSync(f)) })), { schemaDir });
// The deployment-settings files written beside the zips are checked too.
const settingsFiles = [...new Set(files.map((f) => dirname(f)))].flatMap((d) =>
  existsSync(d) ? readdirSync(d).filter((f) => f.endsWith('.settings.json')).sort().map((f) => join(d, f)) : [],
);
for (const f of settingsFiles) checkSettingsFile(basename(f), readFileSync(f, 'utf8'), findings);
for (const f of findings) console.error(`✗ [${f.rule}] ${f.where}: ${f.message}`);
if (findings.length) {
  console.error(`${findings.length} problem(s) in ${files.length} package(s)`);
  process.exitCode = 1;
} else {
  console.log(`✓ ${files.length} package(s) valid: ${files.map((f) => basename(f)).join(', ')}${settingsFiles.length ? `; settings files checked: ${settingsFiles.map((f) => basename(f)).join(', ')}` : ''}`);
}
