/**
 * Validates the connector carried inside a solution: always against the shape rules the repository
 * carries (scripts/connector/lint-shape.ts), and also against Microsoft's published schemas when a
 * folder holding them is given (the same compiled validators the connector lint uses).
 */
import { forPublishedSchema, schemaValidators } from '../../connector/schemas.ts';
import { shapeProblems } from '../../connector/lint-shape.ts';
import { text, type Finding, type SolutionPackage } from './model.ts';

export function checkConnectorSchemas(pkg: SolutionPackage, findings: Finding[], schemaDir?: string): void {
  const published = schemaDir ? schemaValidators(schemaDir) : undefined;
  for (const c of pkg.connectors) {
    const where = (f: string) => `${pkg.file}:${f.replace(/^\//, '')}`;
    const report = (file: string, messages: Iterable<string>) => {
      const seen = new Set<string>();
      for (const message of messages) {
        if (!seen.has(message)) findings.push({ rule: 'connector-schema', where: where(file), message });
        seen.add(message);
      }
    };
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
    if (swagger !== undefined) {
      const messages = shapeProblems('apiDefinition', swagger);
      if (published && !published.apiDefinition(swagger)) {
        for (const e of published.apiDefinition.errors ?? []) {
          if (!['oneOf', 'anyOf'].includes(e.keyword)) messages.push(`${e.instancePath || '/'} ${e.message}`);
        }
      }
      report(c.openapidefinition!, messages);
    }
    const connectionParameters = json(c.connectionparameters);
    const policies = json(c.policytemplateinstances);
    if (connectionParameters === undefined || policies === undefined) continue;
    // The solution splits apiProperties into files; put them back together to check them as one.
    const apiProperties = {
      properties: { connectionParameters, policyTemplateInstances: asApiPropertiesPolicies(policies), iconBrandColor: c.iconbrandcolor ?? '' },
    };
    const messages = shapeProblems('apiProperties', apiProperties).map((m) => `apiProperties${m}`);
    if (published && !published.apiProperties(forPublishedSchema(apiProperties))) {
      for (const e of published.apiProperties.errors ?? []) {
        if (!['oneOf', 'anyOf', 'if'].includes(e.keyword)) messages.push(`apiProperties${e.instancePath} ${e.message}`);
      }
    }
    report(c.connectionparameters!, messages);
  }
}

/**
 * A solution's policytemplateinstances.json is in the exported casing (`TemplateId`, `Title`,
 * `Parameters`, `Type`) or `null` when there are none; apiProperties.json uses camelCase. The
 * schemas speak apiProperties, so exported entries are read back in that casing.
 */
function asApiPropertiesPolicies(policies: unknown): unknown {
  if (policies === null) return [];
  if (!Array.isArray(policies)) return policies;
  return policies.map((p: Record<string, unknown>) =>
    p && typeof p === 'object' && 'TemplateId' in p ? { templateId: p.TemplateId, title: p.Title, parameters: p.Parameters } : p,
  );
}
