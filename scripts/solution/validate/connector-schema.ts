/**
 * Validates the connector carried inside a solution against Microsoft's published schemas
 * (PowerPlatformConnectors/schemas, copied to the shared reference). The swagger schema is
 * draft-04, hence ajv-draft-04; the apiProperties schema is draft-07 with a draft-04 style `id`,
 * hence strict mode off. The files carry `//` comments that JSON.parse rejects.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Ajv, type Options, type ValidateFunction } from 'ajv';
import AjvDraft04Module from 'ajv-draft-04';
import { text, type Finding, type SolutionPackage } from './model.ts';

export const DEFAULT_SCHEMA_DIR = resolve(import.meta.dirname, '../../../../shared/reference/connector-schemas');

/** Drops `//` comments outside string literals. */
export function stripJsonComments(source: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (inString) {
      out += c;
      if (c === '\\') out += source[++i] ?? '';
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
      out += c;
    } else if (c === '/' && source[i + 1] === '/') {
      while (i < source.length && source[i] !== '\n') i++;
      out += '\n';
    } else out += c;
  }
  return out;
}

// The package is CommonJS (`module.exports = Ajv`); its typings describe an ES default export instead.
const AjvDraft04 = AjvDraft04Module as unknown as new (options: Options) => Ajv;

interface Validators {
  swagger: ValidateFunction;
  apiProperties: ValidateFunction;
}
const cache = new Map<string, Validators>();

function validators(dir: string): Validators {
  const hit = cache.get(dir);
  if (hit) return hit;
  const load = (file: string) => {
    const schema = JSON.parse(stripJsonComments(readFileSync(join(dir, file), 'utf8'))) as Record<string, unknown>;
    delete schema.id;
    delete schema.$schema;
    return schema;
  };
  // Formats are not asserted: the schemas use only "uri"/"email"-style formats that add nothing here.
  const v = {
    swagger: new AjvDraft04({ strict: false, allErrors: true, validateFormats: false }).compile(load('apiDefinition.swagger.schema.json')),
    apiProperties: new Ajv({ strict: false, allErrors: true, validateFormats: false }).compile(load('paconn-apiProperties.schema.json')),
  };
  cache.set(dir, v);
  return v;
}

export function checkConnectorSchemas(pkg: SolutionPackage, findings: Finding[], schemaDir = DEFAULT_SCHEMA_DIR): void {
  const v = validators(schemaDir);
  for (const c of pkg.connectors) {
    const where = (f: string) => `${pkg.file}:${f.replace(/^\//, '')}`;
    const json = (path: string | undefined): unknown => {
      if (!path || !pkg.entries.has(path.replace(/^\//, ''))) return undefined;
      try {
        return JSON.parse(text(pkg.entries, path.replace(/^\//, '')));
      } catch (e) {
        findings.push({ rule: 'connector-json', where: where(path), message: `not valid JSON: ${(e as Error).message}` });
        return undefined;
      }
    };
    const swagger = json(c.openapidefinition);
    if (swagger !== undefined && !v.swagger(swagger)) {
      for (const e of v.swagger.errors ?? []) {
        if (['oneOf', 'anyOf'].includes(e.keyword)) continue;
        findings.push({ rule: 'connector-schema', where: where(c.openapidefinition!), message: `${e.instancePath || '/'} ${e.message}` });
      }
    }
    const connectionParameters = json(c.connectionparameters);
    const policies = json(c.policytemplateinstances);
    if (connectionParameters === undefined || policies === undefined) continue;
    // The solution splits apiProperties into files; put them back together to apply the paconn schema.
    const apiProperties = {
      properties: { connectionParameters, policyTemplateInstances: policies, iconBrandColor: c.iconbrandcolor ?? '' },
    };
    if (!v.apiProperties(apiProperties)) {
      for (const e of v.apiProperties.errors ?? []) {
        if (['oneOf', 'anyOf', 'if'].includes(e.keyword)) continue;
        findings.push({ rule: 'connector-schema', where: where(c.connectionparameters!), message: `apiProperties${e.instancePath} ${e.message}` });
      }
    }
  }
}
