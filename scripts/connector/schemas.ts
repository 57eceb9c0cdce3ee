/**
 * Validation against Microsoft's published connector schemas (PowerPlatformConnectors/schemas) and as
 * plain Swagger 2.0 with @apidevtools/swagger-parser.
 *
 * Microsoft's schemas are an optional extra input: the repository does not carry them, so a caller
 * passes the folder that holds them (`--schemas DIR`, or CONNECTOR_SCHEMAS_DIR read by the CLIs).
 * Without a folder, only the lint's own certification rules run.
 *
 * The swagger schema is draft-04, which Ajv 8 no longer speaks, hence ajv-draft-04 (same Ajv engine,
 * draft-04 meta-schema and `id`). The apiProperties and settings schemas are draft-07 but still use
 * draft-04's `id`, which strict mode would reject, so strict mode is off for all three.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import AjvDraft04Module from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import { parseJsonWithComments, type Json } from './json.ts';
import type { Finding } from './lint-walk.ts';

/** The three files PowerPlatformConnectors/schemas publishes, as they are named there. */
export const SCHEMA_FILES = {
  apiDefinition: 'apiDefinition.swagger.schema.json',
  apiProperties: 'paconn-apiProperties.schema.json',
  settings: 'paconn-settings.schema.json',
} as const;

// ajv-draft-04 and ajv-formats ship CommonJS with `exports.default`; Node's ESM interop hands over
// module.exports, which TypeScript types as the namespace, so the callable is picked explicitly.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;
const AjvDraft04 = ((AjvDraft04Module as unknown as { default?: unknown }).default ?? AjvDraft04Module) as typeof Ajv;

function loadSchema(file: string, dir: string): Json {
  const schema = parseJsonWithComments(readFileSync(resolve(dir, file), 'utf8')) as Json;
  // The `id`s are remote URLs; dropping them keeps Ajv from treating local refs as remote ones.
  delete schema.id;
  delete schema.$schema;
  return schema;
}

export interface SchemaValidators {
  readonly apiDefinition: ValidateFunction;
  readonly apiProperties: ValidateFunction;
  readonly settings: ValidateFunction;
}

const cache = new Map<string, SchemaValidators>();

/** Compiles the schemas in `dir` once per folder (compiling the swagger schema takes a while). */
export function schemaValidators(dir: string): SchemaValidators {
  const key = resolve(dir);
  const known = cache.get(key);
  if (known) return known;
  for (const file of Object.values(SCHEMA_FILES)) {
    if (!existsSync(resolve(key, file))) throw new Error(`--schemas ${dir}: ${file} is not there (expected Microsoft's PowerPlatformConnectors/schemas files)`);
  }
  const draft04 = new AjvDraft04({ strict: false, allErrors: true, validateSchema: false });
  addFormats(draft04);
  const draft07 = new Ajv({ strict: false, allErrors: true, validateSchema: false });
  addFormats(draft07);
  const validators = {
    apiDefinition: draft04.compile(loadSchema(SCHEMA_FILES.apiDefinition, key)),
    apiProperties: draft07.compile(loadSchema(SCHEMA_FILES.apiProperties, key)),
    settings: draft07.compile(loadSchema(SCHEMA_FILES.settings, key)),
  };
  cache.set(key, validators);
  return validators;
}

/**
 * The published apiProperties schema is stale on one point the certification review now asks for:
 * its redirectMode enum stops at Global/Direct, while certified connectors use GlobalPerConnector
 * (31 files in PowerPlatformConnectors; reviewers asked for it in PRs #3035 and #3162). The copy
 * handed to that schema says Global there, so the schema checks everything else about the sign-in.
 */
export function forPublishedSchema(apiProperties: unknown): unknown {
  const copy = structuredClone(apiProperties) as { properties?: { connectionParameters?: Record<string, unknown> } };
  for (const param of Object.values(copy.properties?.connectionParameters ?? {})) {
    const settings = (param as { oAuthSettings?: { redirectMode?: string } }).oAuthSettings;
    if (settings?.redirectMode === 'GlobalPerConnector') settings.redirectMode = 'Global';
  }
  return copy;
}

/**
 * Ajv also reports the composite keyword (oneOf/anyOf) above the branch errors that explain it;
 * those summaries add nothing, so they are dropped. Branch errors stay (some are noise from the
 * branches that were never meant to match, but the real fault is always among them).
 */
function toFindings(rule: string, file: string, errors: readonly ErrorObject[] | null | undefined): Finding[] {
  const leaves = (errors ?? []).filter((e) => !['oneOf', 'anyOf', 'allOf', 'not'].includes(e.keyword));
  const seen = new Set<string>();
  return leaves
    .map((e) => ({
      rule,
      where: `${file}: ${e.instancePath || '/'}`,
      message: `${e.message ?? 'is invalid'}${e.params && Object.keys(e.params).length ? ' ' + JSON.stringify(e.params) : ''}`,
    }))
    .filter((f) => (seen.has(f.where + f.message) ? false : (seen.add(f.where + f.message), true)));
}

/** Findings of Microsoft's schemas in `dir`; none when no folder is given (the schemas are optional). */
export function validateSchemas(files: { swagger: Json; apiProperties?: Json; settings?: Json }, dir: string | undefined): Finding[] {
  if (!dir) return [];
  const v = schemaValidators(dir);
  const findings: Finding[] = [];
  if (!v.apiDefinition(files.swagger)) findings.push(...toFindings('schema-apiDefinition', 'apiDefinition', v.apiDefinition.errors));
  if (files.apiProperties && !v.apiProperties(forPublishedSchema(files.apiProperties))) {
    findings.push(...toFindings('schema-apiProperties', 'apiProperties', v.apiProperties.errors));
  }
  if (files.settings && !v.settings(files.settings)) findings.push(...toFindings('schema-settings', 'settings', v.settings.errors));
  return findings;
}

/** Parses and validates as Swagger 2.0 (structure, refs, duplicate operationIds, path parameters). */
export async function validateWithSwaggerParser(swagger: Json): Promise<Finding[]> {
  try {
    // The parser dereferences in place; a copy keeps the caller's document untouched.
    await SwaggerParser.validate(structuredClone(swagger) as never);
    return [];
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return [{ rule: 'swagger-parser', where: 'apiDefinition', message }];
  }
}
