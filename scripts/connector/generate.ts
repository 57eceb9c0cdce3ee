/**
 * `npm run connector`: openapi.yaml → connector/apiDefinition.swagger.json, and the generated
 * "Supported operations" section of connector/README.md. `--check` writes nothing and exits 1 when
 * a committed file differs from what would be generated (CI uses it to catch a stale connector).
 *
 * A build for a publisher: `npm run connector -- --out DIR [--publisher FILE] [--host …]
 * [--contact-url …] [--contact-email …] [--website …] [--privacy-url …] [--license-url …]
 * [--certification]` writes the whole package (swagger, apiProperties, icon, settings, README) into
 * DIR with the publisher's host and public URLs. `--certification` lints the package as a
 * certification build and writes nothing when any finding remains (placeholders included).
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { convertOpenApi3ToSwagger2, listOperations } from './convert.ts';
import { obj, toJsonText, type Json } from './json.ts';
import { formatFindings, lintConnector, readConnectorFiles } from './lint.ts';
import { connectorProfile, connectorProfileFor, type PublisherSettings } from './profile.ts';
import { PUBLISHER_FLAGS, PublisherSettingsError, publisherSettings } from './publisher.ts';

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

export function generateSwaggerText(spec: Json, publisher?: PublisherSettings): string {
  return toJsonText(convertOpenApi3ToSwagger2(spec, publisher ? connectorProfileFor(publisher) : connectorProfile));
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

/** Files copied as committed into a publisher's package. */
const PACKAGE_COPIES = ['apiProperties.json', 'icon.png', 'settings.json'];

/**
 * Writes the connector package for `publisher` into `outDir`. A certification build is linted first
 * (placeholder-url included) and nothing is written when the lint finds anything.
 */
export function buildPackage(outDir: string, publisher: PublisherSettings, options: { certification: boolean; spec?: Json }): string[] {
  const swaggerText = generateSwaggerText(options.spec ?? loadSpec(), publisher);
  const swagger = JSON.parse(swaggerText) as Json;
  if (options.certification) {
    const committed = readConnectorFiles(CONNECTOR_DIR);
    const findings = lintConnector({ ...committed, swagger, swaggerBytes: Buffer.byteLength(swaggerText) }, { certification: true });
    if (findings.length) return findings.map((f) => formatFindings([f]));
  }
  mkdirSync(outDir, { recursive: true });
  writeFileSync(resolve(outDir, 'apiDefinition.swagger.json'), swaggerText);
  writeFileSync(resolve(outDir, 'README.md'), withOperationsSection(readFileSync(README_PATH, 'utf8'), swagger));
  for (const name of PACKAGE_COPIES) copyFileSync(resolve(CONNECTOR_DIR, name), resolve(outDir, name));
  return [];
}

function main(argv: string[]): number {
  const flagOptions = Object.fromEntries(Object.keys(PUBLISHER_FLAGS).map((f) => [f, { type: 'string' as const }]));
  const { values } = parseArgs({
    args: argv,
    options: {
      check: { type: 'boolean', default: false },
      out: { type: 'string' },
      publisher: { type: 'string' },
      certification: { type: 'boolean', default: false },
      ...flagOptions,
    },
  });
  const flags = values as unknown as Record<string, string | undefined>;
  const forPublisher = values.publisher !== undefined || values.certification || Object.keys(PUBLISHER_FLAGS).some((f) => flags[f] !== undefined);
  if (forPublisher || values.out !== undefined) {
    // connector/ stays the development build that check:generated compares; a publisher's build goes elsewhere.
    if (!values.out) {
      console.error('a build with publisher settings needs --out DIR (connector/ holds the development build)');
      return 2;
    }
    try {
      const publisher = publisherSettings(values.publisher, flags);
      const refused = buildPackage(resolve(values.out), publisher, { certification: values.certification });
      if (refused.length) {
        console.error(`${refused.join('\n')}\n\nnot written: ${refused.length} finding(s) in the certification build`);
        return 1;
      }
      console.log(`wrote the connector package for ${publisher.host} to ${resolve(values.out)}${values.certification ? ' (certification build)' : ''}`);
      return 0;
    } catch (e) {
      if (e instanceof PublisherSettingsError) {
        console.error(e.message);
        return 2;
      }
      throw e;
    }
  }
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
