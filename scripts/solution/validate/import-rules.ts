/**
 * Rules for an import that leaves nothing half-done and for the forms exports use
 * (real-exports.md): flows ship on, policy instances in exported casing, MissingDependencies
 * naming what the solution needs from elsewhere, and deployment settings with no empty value.
 */
import { EXTERNAL_TABLES, externalTableOf } from '../external-tables.ts';
import { normGuid, text, type Finding, type SolutionPackage } from './model.ts';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});

/** Exports of flows that run carry StateCode 1 / StatusCode 2; "activate after import" is deprecated. */
export function checkFlowState(pkg: SolutionPackage, findings: Finding[]): void {
  for (const w of pkg.workflows) {
    if (w.stateCode !== '1' || w.statusCode !== '2') {
      findings.push({
        rule: 'flow-state',
        where: `${pkg.file}:customizations.xml Workflow ${w.name}`,
        message: `ships off (StateCode ${w.stateCode || '—'} / StatusCode ${w.statusCode || '—'}); flows ship on as StateCode 1 / StatusCode 2`,
      });
    }
  }
}

const EXPORTED_POLICY_KEYS = ['Parameters', 'TemplateId', 'Title', 'Type'];

/** `policytemplateinstances.json` inside a solution: `null` or PascalCase objects, as exported. */
export function checkPolicyCasing(pkg: SolutionPackage, findings: Finding[]): void {
  for (const c of pkg.connectors) {
    const entry = c.policytemplateinstances?.replace(/^\//, '');
    if (!entry || !pkg.entries.has(entry)) continue;
    let value: unknown;
    try {
      value = JSON.parse(text(pkg.entries, entry));
    } catch {
      continue; // reported by the connector JSON check
    }
    const add = (message: string) => findings.push({ rule: 'policy-casing', where: `${pkg.file}:${entry}`, message });
    if (value === null) continue;
    if (!Array.isArray(value)) {
      add('must be null or an array of policy instances');
      continue;
    }
    value.forEach((p, i) => {
      const keys = Object.keys(obj(p));
      const odd = keys.filter((k) => !EXPORTED_POLICY_KEYS.includes(k));
      if (odd.length) add(`[${i}] has ${odd.join(', ')}; the solution form is TemplateId/Title/Parameters/Type (camelCase is apiProperties.json's form)`);
      else if (typeof obj(p).TemplateId !== 'string') add(`[${i}] has no TemplateId`);
    });
  }
}

/** The tables a package's flows name (trigger logical names, action entity sets). */
function tablesUsedByFlows(pkg: SolutionPackage): Map<string, Set<string>> {
  const used = new Map<string, Set<string>>();
  for (const w of pkg.workflows) {
    const entry = w.jsonFileName.replace(/^\//, '');
    if (!pkg.entries.has(entry)) continue;
    let flow: unknown;
    try {
      flow = JSON.parse(text(pkg.entries, entry));
    } catch {
      continue;
    }
    const visit = (v: unknown): void => {
      if (Array.isArray(v)) return v.forEach(visit);
      if (!v || typeof v !== 'object') return;
      const params = obj(obj(obj(v).inputs).parameters);
      for (const key of ['entityName', 'subscriptionRequest/entityname']) {
        const name = params[key];
        const table = typeof name === 'string' ? externalTableOf(name) : undefined;
        if (table) used.set(table, (used.get(table) ?? new Set()).add(normGuid(w.id)));
      }
      Object.values(v).forEach(visit);
    };
    visit(flow);
  }
  return used;
}

/**
 * What the flows need from other solutions must be listed in MissingDependencies, as exports do, so
 * import says plainly what to install first: the custom connector a connection reference points at
 * (when another package carries it) and the tables another solution provides.
 */
export function checkMissingDependencies(pkg: SolutionPackage, all: readonly SolutionPackage[], findings: Finding[]): void {
  const where = `${pkg.file}:solution.xml`;
  const listed = (type: string, schemaName: string) => pkg.missingDependencies.filter((d) => d.type === type && d.schemaName === schemaName);
  for (const ref of pkg.connectionReferences) {
    if (!ref.customConnectorId) continue;
    if (pkg.connectors.some((c) => normGuid(c.connectorid) === normGuid(ref.customConnectorId))) continue;
    const owner = all.find((p) => p.connectors.some((c) => normGuid(c.connectorid) === normGuid(ref.customConnectorId)));
    const connector = owner?.connectors.find((c) => normGuid(c.connectorid) === normGuid(ref.customConnectorId));
    if (!owner || !connector?.name) continue; // reported as connector-missing
    const hits = listed('372', connector.name);
    if (hits.length === 0) {
      findings.push({ rule: 'missing-dependencies', where, message: `MissingDependencies does not name the custom connector ${connector.name} (type 372) that connection reference ${ref.logicalName} needs from ${owner.uniqueName}` });
    } else if (!hits.every((d) => d.solution.startsWith(`${owner.uniqueName} (`))) {
      findings.push({ rule: 'missing-dependencies', where, message: `connector ${connector.name} is required from "${hits[0]!.solution}", but ${owner.uniqueName} carries it` });
    }
  }
  for (const [table, flowIds] of tablesUsedByFlows(pkg)) {
    const hits = listed('1', table);
    const missing = [...flowIds].filter((id) => !hits.some((d) => normGuid(d.dependentId) === id));
    if (missing.length) {
      findings.push({
        rule: 'missing-dependencies',
        where,
        message: `flows ${missing.join(', ')} use table ${table} from ${EXTERNAL_TABLES[table]!.solution}, which MissingDependencies does not list (type 1) for them`,
      });
    }
  }
}

/** A deployment-settings file (pac solution import --settings-file): import refuses an empty variable value. */
export function checkSettingsFile(file: string, json: string, findings: Finding[]): void {
  const add = (message: string) => findings.push({ rule: 'settings-empty-value', where: file, message });
  let doc: Json;
  try {
    doc = obj(JSON.parse(json));
  } catch (e) {
    add(`not valid JSON: ${(e as Error).message}`);
    return;
  }
  const vars = Array.isArray(doc.EnvironmentVariables) ? doc.EnvironmentVariables : [];
  for (const v of vars) {
    const value = obj(v).Value;
    if (typeof value !== 'string' || value === '') {
      add(`EnvironmentVariables ${String(obj(v).SchemaName)} has an empty value; import refuses it ("Environment variable value cannot be an empty string"): leave the entry out instead`);
    }
  }
}

/** An environment variable definition with an empty `<defaultvalue>` ships the value import refuses. */
export function checkEmptyDefaults(pkg: SolutionPackage, findings: Finding[]): void {
  for (const v of pkg.envVars) {
    if (v.defaultValue === '') {
      findings.push({ rule: 'settings-empty-value', where: `${pkg.file}:environmentvariabledefinitions/${v.folder}`, message: 'has an empty <defaultvalue>; leave the element out when there is no default' });
    }
  }
}
