/**
 * Generates api/src/generated/openapi.ts (TypeScript types) from openapi.yaml with
 * openapi-typescript. `--check` writes nothing and exits 1 when the committed file is stale.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';

const root = fileURLToPath(new URL('..', import.meta.url));
const target = `${root}api/src/generated/openapi.ts`;

export async function generateTypes(): Promise<string> {
  const ast = await openapiTS(new URL('openapi.yaml', `file://${root}`), { alphabetize: true });
  return `/* Generated from openapi.yaml by scripts/generate-types.ts (npm run generate:types). Do not edit. */\n${astToString(ast)}`;
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const text = await generateTypes();
  if (process.argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(target, 'utf8');
    } catch {
      // missing counts as stale
    }
    if (current !== text) {
      process.stderr.write('api/src/generated/openapi.ts is stale: run npm run generate:types\n');
      process.exit(1);
    }
    process.stdout.write('api/src/generated/openapi.ts is up to date\n');
  } else {
    mkdirSync(`${root}api/src/generated`, { recursive: true });
    writeFileSync(target, text);
    process.stdout.write(`wrote ${target}\n`);
  }
}
