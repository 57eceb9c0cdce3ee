/**
 * `npm run connector`: openapi.yaml → connector/apiDefinition.swagger.json, and the generated
 * "Supported operations" section of connector/README.md. `--check` writes nothing and exits 1 when
 * a committed file differs from what would be generated (CI uses it to catch a stale connector).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { convertOpenApi3ToSwagger2, listOperations } from './convert.ts';
import { obj, toJsonText, type Json } from './json.ts';
import { connectorProfile } from './profile.ts';

export const ROOT = resolve(import.meta.dirname, '../..');
export const SPEC_PATH = resolve(ROOT, 'openapi.yaml');
export const CONNECTOR_DIR = resolve(ROOT, 'connector');
export const SWAGGER_PATH = resolve(CONNECTOR_DIR, 'apiDefinition.swagger.json');
export const README_PATH = resolve(CONNECTOR_DIR, 'README.md');

const START = '<!-- generated:operations:start -->';
const END = '<!-- generated:operations:end -->';

export function loadSpec(path = SPEC_PATH): Json {
  return obj(parseYaml(readFileSync(path, 'utf8')));
}

export function generateSwaggerText(spec: Json): string {
  return toJsonText(convertOpenApi3ToSwagger2(spec, connectorProfile));
}

function kindOf(op: Json): string {
  if (op['x-ms-trigger-metadata']) return 'Trigger (polling)';
  if (op['x-ms-trigger']) return 'Trigger (webhook)';
  if (op['x-ms-visibility'] === 'internal') return 'Internal';
  return 'Action';
}

/** The README's operations table, rebuilt from the generated swagger so it never drifts. */
export function operationsSection(swagger: Json): string {
  const rows = listOperations(swagger).map(({ operationId, method, path, operation }) => {
    const cell = (s: unknown) => String(s ?? '').replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();
    return `| ${cell(operation.summary)} | \`${operationId}\` | ${kindOf(operation)} | \`${method.toUpperCase()} ${path}\` | ${cell(operation.description)} |`;
  });
  return [
    START,
    '| Name | Operation ID | Kind | Request | Description |',
    '|---|---|---|---|---|',
    ...rows,
    END,
  ].join('\n');
}

export function withOperationsSection(readme: string, swagger: Json): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`connector/README.md lacks the ${START} … ${END} markers`);
  return readme.slice(0, start) + operationsSection(swagger) + readme.slice(end + END.length);
}

export interface GeneratedFile {
  readonly path: string;
  readonly text: string;
}

export function generateAll(spec: Json = loadSpec()): GeneratedFile[] {
  const swaggerText = generateSwaggerText(spec);
  const readme = withOperationsSection(readFileSync(README_PATH, 'utf8'), JSON.parse(swaggerText) as Json);
  return [
    { path: SWAGGER_PATH, text: swaggerText },
    { path: README_PATH, text: readme },
  ];
}

function readOrEmpty(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

function main(argv: string[]): number {
  const { values } = parseArgs({ args: argv, options: { check: { type: 'boolean', default: false } } });
  const files = generateAll();
  const stale = files.filter((f) => readOrEmpty(f.path) !== f.text);
  if (values.check) {
    for (const f of stale) console.error(`stale: ${f.path} differs from what openapi.yaml generates; run npm run connector`);
    if (stale.length === 0) console.log('connector is up to date with openapi.yaml');
    return stale.length ? 1 : 0;
  }
  for (const f of stale) writeFileSync(f.path, f.text);
  const bytes = Buffer.byteLength(files[0]?.text ?? '');
  console.log(`wrote ${stale.length} file(s); apiDefinition.swagger.json is ${bytes} bytes`);
  return 0;
}

if (import.meta.main) process.exitCode = main(process.argv.slice(2));
