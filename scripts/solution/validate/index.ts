/**
 * Validates packed solutions together: each package on its own (layout, XML, manifest, GUIDs,
 * connector schemas) and the flows against what the packages define between them (connection
 * references, environment variables, and the custom connector they call).
 */
import { resolve } from 'node:path';
import { checkConnectorSchemas } from './connector-schema.ts';
import { paconnPolicies } from '../connector-files.ts';
import { checkFlows } from './flows.ts';
import { checkEmptyDefaults, checkFlowState, checkMissingDependencies, checkPolicyCasing } from './import-rules.ts';
import { loadPackage, normGuid, text, type Finding, type SolutionPackage } from './model.ts';
import { checkComponents, checkLayout, checkManifest } from './structure.ts';
import { checkTables } from './tables.ts';
import type { Swagger } from './swagger-ops.ts';

export type { Finding } from './model.ts';

/** The mapping and openapi.yaml the shipped tables are checked against. */
const REPO_ROOT = resolve(import.meta.dirname, '..', '..', '..');

export interface ValidateOptions {
  schemaDir?: string | undefined;
}

/**
 * The package as Microsoft's paconn schema expects its parts: the solution writes policy instances
 * in exported PascalCase, apiProperties.json in camelCase, so they are read back before the check.
 */
function paconnView(pkg: SolutionPackage): SolutionPackage {
  const entries = new Map(pkg.entries);
  for (const c of pkg.connectors) {
    const entry = c.policytemplateinstances?.replace(/^\//, '');
    if (!entry || !entries.has(entry)) continue;
    try {
      const value = JSON.parse(text(entries, entry)) as unknown;
      const exported = value === null || (Array.isArray(value) && value.every((p) => p && typeof p === 'object' && 'TemplateId' in p));
      if (exported) entries.set(entry, new TextEncoder().encode(JSON.stringify(paconnPolicies(value))));
    } catch {
      // reported by the connector JSON check
    }
  }
  return { ...pkg, entries };
}

export function validatePackages(zips: readonly { file: string; bytes: Uint8Array }[], options: ValidateOptions = {}): Finding[] {
  const findings: Finding[] = [];
  const packages: SolutionPackage[] = [];
  for (const z of zips) {
    let pkg: SolutionPackage;
    try {
      pkg = loadPackage(z.file, z.bytes, findings);
    } catch (e) {
      findings.push({ rule: 'zip-layout', where: z.file, message: `cannot be read as a zip: ${(e as Error).message}` });
      continue;
    }
    checkLayout(pkg, z.bytes, findings);
    checkManifest(pkg, findings);
    checkComponents(pkg, findings);
    checkConnectorSchemas(paconnView(pkg), findings, options.schemaDir);
    checkPolicyCasing(pkg, findings);
    checkFlowState(pkg, findings);
    checkEmptyDefaults(pkg, findings);
    checkTables(pkg, findings, REPO_ROOT);
    packages.push(pkg);
  }
  const publishers = new Set(packages.map((p) => `${p.publisher.uniqueName}/${p.publisher.prefix}`));
  if (publishers.size > 1) {
    findings.push({ rule: 'publisher', where: 'all packages', message: `one publisher expected, found ${[...publishers].join(', ')}` });
  }
  for (const pkg of packages) {
    // A flow may use what its own solution defines plus what the other packages (its dependencies) do.
    const pool = [pkg, ...packages.filter((p) => p !== pkg && p.managed === pkg.managed)];
    const envVars = new Map<string, string | undefined>();
    for (const p of pool) for (const v of p.envVars) if (!envVars.has(v.schemaName)) envVars.set(v.schemaName, v.defaultValue);
    const connectorsByApiName = new Map<string, Swagger>();
    const connectorNames = new Map<string, string>();
    for (const ref of pkg.connectionReferences) {
      if (!ref.customConnectorId) continue;
      const apiName = ref.connectorId.slice(ref.connectorId.lastIndexOf('/') + 1);
      const owner = pool.find((p) => p.connectors.some((c) => normGuid(c.connectorid) === normGuid(ref.customConnectorId)));
      const connector = owner?.connectors.find((c) => normGuid(c.connectorid) === normGuid(ref.customConnectorId));
      if (!owner || !connector?.openapidefinition) {
        findings.push({
          rule: 'connector-missing',
          where: `${pkg.file}:customizations.xml`,
          message: `connection reference ${ref.logicalName} points at custom connector ${ref.customConnectorId}, which no package carries`,
        });
        continue;
      }
      if (connector.name) connectorNames.set(apiName, connector.name);
      try {
        connectorsByApiName.set(apiName, JSON.parse(text(owner.entries, connector.openapidefinition.replace(/^\//, ''))) as Swagger);
      } catch {
        // reported by the connector schema check
      }
    }
    checkFlows(pkg, { envVars, connectorsByApiName, connectorNames }, findings);
    checkMissingDependencies(pkg, packages, findings);
  }
  return findings;
}
