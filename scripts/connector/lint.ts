/**
 * `npm run lint:connector [-- --dir DIR] [--schemas DIR] [--certification]`: the project's own
 * connector lint. `lintConnector` is pure (the certification rules the repository carries, plus
 * Microsoft's published JSON schemas when a folder holding them is given); `lintConnectorFull` adds
 * the asynchronous swagger-parser validation. `--certification` also refuses what only a build for
 * certification must not carry (placeholder host and public URLs). The CLI lints connector/ and exits
 * 1 on any finding. Without `--schemas`, the CLI takes CONNECTOR_SCHEMAS_DIR when it is set (CI sets
 * it when Microsoft's schemas sit beside the repository).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { obj, type Json } from './json.ts';
import { lintApiProperties } from './lint-properties.ts';
import { lintReview } from './lint-review.ts';
import { lintShapes } from './lint-shape.ts';
import { lintSwagger } from './lint-swagger.ts';
import { deployedApiProperties } from '../deploy-connector.ts';
import type { Finding } from './lint-walk.ts';
import { validateSchemas, validateWithSwaggerParser } from './schemas.ts';

export type { Finding } from './lint-walk.ts';

export interface ConnectorFiles {
  readonly swagger: Json;
  readonly apiProperties?: Json;
  readonly settings?: Json;
  /** Size of apiDefinition.swagger.json on disk, for the 1 MB limit. */
  readonly swaggerBytes?: number;
  /** README.md of the package, whose app-registration steps name the redirect URI. */
  readonly readme?: string;
}

export interface LintOptions {
  /** Folder with Microsoft's PowerPlatformConnectors/schemas files; their checks run only when given. */
  readonly schemasDir?: string | undefined;
  /** A build for certification: placeholder host and public URLs are findings. */
  readonly certification?: boolean;
  /** What the deploy makes of apiProperties before sending it (scripts/deploy-connector.ts). */
  readonly deployedProperties?: (apiProperties: Json) => Json;
}

export function lintConnector(files: ConnectorFiles, options: LintOptions = {}): Finding[] {
  return [
    ...lintShapes(files),
    ...validateSchemas(files, options.schemasDir),
    ...lintSwagger(files.swagger, files.swaggerBytes),
    ...lintReview(files, { certification: options.certification ?? false, deployedProperties: options.deployedProperties ?? deployedApiProperties }),
    ...(files.apiProperties ? lintApiProperties(files.apiProperties, files.swagger) : []),
  ];
}

export async function lintConnectorFull(files: ConnectorFiles, options: LintOptions = {}): Promise<Finding[]> {
  return [...lintConnector(files, options), ...(await validateWithSwaggerParser(files.swagger))];
}

export function readConnectorFiles(dir: string): ConnectorFiles {
  const read = (name: string) => obj(JSON.parse(readFileSync(resolve(dir, name), 'utf8')));
  const swaggerPath = resolve(dir, 'apiDefinition.swagger.json');
  return {
    swagger: read('apiDefinition.swagger.json'),
    apiProperties: read('apiProperties.json'),
    settings: read('settings.json'),
    swaggerBytes: statSync(swaggerPath).size,
    readme: existsSync(resolve(dir, 'README.md')) ? readFileSync(resolve(dir, 'README.md'), 'utf8') : undefined,
  };
}

export function formatFindings(findings: readonly Finding[]): string {
  return findings.map((f) => `${f.rule}  ${f.where}  ${f.message}`).join('\n');
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      dir: { type: 'string', default: resolve(import.meta.dirname, '../../connector') },
      schemas: { type: 'string' },
      certification: { type: 'boolean', default: false },
    },
  });
  const schemasDir = values.schemas ?? (process.env.CONNECTOR_SCHEMAS_DIR || undefined);
  const findings = await lintConnectorFull(readConnectorFiles(values.dir), { schemasDir, certification: values.certification });
  if (findings.length) {
    console.error(formatFindings(findings));
    console.error(`\n${findings.length} finding(s)`);
    return 1;
  }
  console.log(`connector lint: 0 findings${schemasDir ? ` (with Microsoft's schemas from ${schemasDir})` : ''}${values.certification ? ' (certification build)' : ''}`);
  return 0;
}

if (import.meta.main) process.exitCode = await main(process.argv.slice(2));
