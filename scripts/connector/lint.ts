/**
 * `npm run lint:connector`: the project's own connector lint. `lintConnector` is pure (certification
 * rules + Microsoft's JSON schemas); `lintConnectorFull` adds the asynchronous swagger-parser
 * validation. The CLI lints the files in connector/ and exits 1 on any finding.
 */
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { obj, type Json } from './json.ts';
import { lintApiProperties } from './lint-properties.ts';
import { lintSwagger } from './lint-swagger.ts';
import type { Finding } from './lint-walk.ts';
import { validateSchemas, validateWithSwaggerParser } from './schemas.ts';

export type { Finding } from './lint-walk.ts';

export interface ConnectorFiles {
  readonly swagger: Json;
  readonly apiProperties?: Json;
  readonly settings?: Json;
  /** Size of apiDefinition.swagger.json on disk, for the 1 MB limit. */
  readonly swaggerBytes?: number;
}

export function lintConnector(files: ConnectorFiles): Finding[] {
  return [
    ...validateSchemas(files),
    ...lintSwagger(files.swagger, files.swaggerBytes),
    ...(files.apiProperties ? lintApiProperties(files.apiProperties, files.swagger) : []),
  ];
}

export async function lintConnectorFull(files: ConnectorFiles): Promise<Finding[]> {
  return [...lintConnector(files), ...(await validateWithSwaggerParser(files.swagger))];
}

export function readConnectorFiles(dir: string): ConnectorFiles {
  const read = (name: string) => obj(JSON.parse(readFileSync(resolve(dir, name), 'utf8')));
  const swaggerPath = resolve(dir, 'apiDefinition.swagger.json');
  return {
    swagger: read('apiDefinition.swagger.json'),
    apiProperties: read('apiProperties.json'),
    settings: read('settings.json'),
    swaggerBytes: statSync(swaggerPath).size,
  };
}

export function formatFindings(findings: readonly Finding[]): string {
  return findings.map((f) => `${f.rule}  ${f.where}  ${f.message}`).join('\n');
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { dir: { type: 'string', default: resolve(import.meta.dirname, '../../connector') } },
  });
  const findings = await lintConnectorFull(readConnectorFiles(values.dir));
  if (findings.length) {
    console.error(formatFindings(findings));
    console.error(`\n${findings.length} finding(s)`);
    return 1;
  }
  console.log('connector lint: 0 findings');
  return 0;
}

if (import.meta.main) process.exitCode = await main(process.argv.slice(2));
