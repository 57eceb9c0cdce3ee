/**
 * Validates the connector carried inside a solution against Microsoft's published schemas, with
 * the same compiled validators the connector lint uses (scripts/connector/schemas.ts).
 */
import { SCHEMA_DIR, schemaValidators } from '../../connector/schemas.ts';
import { text, type Finding, type SolutionPackage } from './model.ts';

export const DEFAULT_SCHEMA_DIR = SCHEMA_DIR;

export function checkConnectorSchemas(pkg: SolutionPackage, findings: Finding[], schemaDir = DEFAULT_SCHEMA_DIR): void {
  // A package without a connector (the tables, the flows) needs no connector schemas.
  if (!pkg.connectors.length) return;
  const schemas = schemaValidators(schemaDir);
  const v = { swagger: schemas.apiDefinition, apiProperties: schemas.apiProperties };
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
