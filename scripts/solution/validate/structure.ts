/**
 * Checks of one package's container and components: zip layout as the platform writes it, the
 * required manifest elements, and GUIDs that agree across file names, data elements and roots.
 */
import { zipEntryHeaders } from '../zip.ts';
import { GUID, normGuid, text, type Finding, type SolutionPackage } from './model.ts';

const ROOT_FILES = ['[Content_Types].xml', 'solution.xml', 'customizations.xml'];

export function checkLayout(pkg: SolutionPackage, bytes: Uint8Array, findings: Finding[]): void {
  const add = (rule: string, message: string, where = pkg.file) => findings.push({ rule, where, message });
  for (const f of ROOT_FILES) if (!pkg.entries.has(f)) add('zip-layout', `root entry ${f} is missing`);
  for (const h of zipEntryHeaders(bytes)) {
    const where = `${pkg.file}:${h.name}`;
    if (h.name.endsWith('/')) add('zip-layout', 'directory entries are not written by the platform', where);
    if (h.name.startsWith('/') || h.name.includes('\\')) add('zip-layout', 'entry names use forward slashes and no leading slash', where);
    if (h.method !== 8) add('zip-layout', `compression method ${h.method}, expected 8 (deflate)`, where);
    if (h.versionNeeded !== 20) add('zip-layout', `version needed ${h.versionNeeded}, expected 20`, where);
  }
  const ct = pkg.entries.get('[Content_Types].xml');
  if (ct) {
    if (!(ct[0] === 0xef && ct[1] === 0xbb && ct[2] === 0xbf)) add('zip-layout', '[Content_Types].xml must start with a UTF-8 BOM');
    const body = text(pkg.entries, '[Content_Types].xml');
    for (const name of pkg.entries.keys()) {
      const base = name.slice(name.lastIndexOf('/') + 1);
      const dot = base.lastIndexOf('.');
      const covered =
        dot > 0 ? body.includes(`Extension="${base.slice(dot + 1)}"`) : body.includes(`PartName="/${name}"`);
      if (!covered) add('zip-layout', `[Content_Types].xml declares no content type for ${name}`);
    }
  }
  for (const f of ['solution.xml', 'customizations.xml']) {
    const bytesOf = pkg.entries.get(f);
    if (bytesOf && (bytesOf[0] === 0xef || text(pkg.entries, f).startsWith('<?xml'))) {
      add('zip-layout', `${f} in the zip starts directly with <ImportExportXml (no BOM, no declaration)`);
    }
  }
}

export function checkManifest(pkg: SolutionPackage, findings: Finding[]): void {
  const add = (rule: string, message: string) => findings.push({ rule, where: `${pkg.file}:solution.xml`, message });
  if (!pkg.xml.has('solution.xml')) return;
  if (!/^[A-Za-z_]\w*$/.test(pkg.uniqueName)) add('manifest', `UniqueName "${pkg.uniqueName}" is missing or not a valid name`);
  if (!/^\d+\.\d+\.\d+\.\d+$/.test(pkg.version)) add('manifest', `Version "${pkg.version}" is not four-part major.minor.build.revision`);
  if (pkg.managed !== '0' && pkg.managed !== '1') add('manifest', `Managed must be 0 or 1 in a zip, got "${pkg.managed}"`);
  const p = pkg.publisher;
  if (!/^[A-Za-z_]\w*$/.test(p.uniqueName)) add('manifest', 'Publisher/UniqueName is missing or invalid');
  if (!/^[A-Za-z][A-Za-z0-9]{1,7}$/.test(p.prefix) || /^mscrm/i.test(p.prefix)) {
    add('manifest', `CustomizationPrefix "${p.prefix}" must be 2–8 letters/digits, start with a letter and not with mscrm`);
  }
  const opt = Number(p.optionValuePrefix);
  if (!Number.isInteger(opt) || opt < 10000 || opt > 99999) add('manifest', `CustomizationOptionValuePrefix "${p.optionValuePrefix}" must be 10000–99999`);
  if (!pkg.xml.has('customizations.xml')) return;
  const custom = pkg.xml.get('customizations.xml')!.ImportExportXml as Record<string, unknown> | undefined;
  if (!custom || !('Languages' in custom)) {
    findings.push({ rule: 'manifest', where: `${pkg.file}:customizations.xml`, message: 'ImportExportXml with <Languages> is required' });
  }
}

export function checkComponents(pkg: SolutionPackage, findings: Finding[]): void {
  const add = (rule: string, where: string, message: string) => findings.push({ rule, where: `${pkg.file}:${where}`, message });
  const seen = new Map<string, string>();
  const claim = (id: string, what: string) => {
    const g = normGuid(id);
    const prior = seen.get(g);
    if (prior) add('guid-unique', what, `GUID ${g} is used by ${prior} as well`);
    else seen.set(g, what);
  };
  const flowRoots = new Set(pkg.roots.filter((r) => r.type === '29').map((r) => normGuid(r.id)));
  for (const w of pkg.workflows) {
    const where = `Workflow ${w.name}`;
    if (!GUID.test(normGuid(w.id))) add('guid-format', where, `WorkflowId "${w.id}" is not a GUID`);
    claim(w.id, where);
    if (w.category !== '5') add('workflow', where, `Category must be 5 (modern flow), got "${w.category}"`);
    const m = /^\/Workflows\/[A-Za-z0-9_-]{1,50}-([0-9A-F-]{36})\.json$/.exec(w.jsonFileName);
    if (!m?.[1]) add('guid-consistent', where, `JsonFileName "${w.jsonFileName}" is not /Workflows/<Name>-<GUID upper case>.json`);
    else if (normGuid(m[1]) !== normGuid(w.id)) add('guid-consistent', where, `JsonFileName GUID ${m[1]} differs from WorkflowId ${w.id}`);
    if (!pkg.entries.has(w.jsonFileName.replace(/^\//, ''))) add('guid-consistent', where, `${w.jsonFileName} is not in the zip`);
    if (!flowRoots.has(normGuid(w.id))) add('guid-consistent', where, 'has no RootComponent type 29 in solution.xml');
  }
  for (const r of pkg.roots.filter((r) => r.type === '29')) {
    if (!pkg.workflows.some((w) => normGuid(w.id) === normGuid(r.id))) {
      add('guid-consistent', 'solution.xml', `RootComponent type 29 ${r.id} has no <Workflow> in customizations.xml`);
    }
  }
  for (const name of pkg.entries.keys()) {
    if (/^Workflows\/.+\.json$/.test(name) && !pkg.workflows.some((w) => w.jsonFileName === `/${name}`)) {
      add('guid-consistent', name, 'flow file is not referenced by any <Workflow>');
    }
  }
  const connectorRoots = pkg.roots.filter((r) => r.type === '372');
  for (const c of pkg.connectors) {
    const where = `Connector ${c.name}`;
    if (!GUID.test(normGuid(c.connectorid))) add('guid-format', where, `connectorid "${c.connectorid}" is not a GUID`);
    claim(c.connectorid ?? '', where);
    if (c.connectortype !== '1') add('connector', where, `connectortype must be 1 (custom connector), got "${c.connectortype}"`);
    if (!connectorRoots.some((r) => normGuid(r.id) === normGuid(c.connectorid) && r.schemaName === c.name)) {
      add('guid-consistent', where, 'has no RootComponent type 372 with the same id and schemaName');
    }
    for (const f of ['openapidefinition', 'connectionparameters', 'policytemplateinstances', 'iconblob']) {
      const path = c[f];
      if (!path) add('connector', where, `<${f}> is missing`);
      else if (!pkg.entries.has(path.replace(/^\//, ''))) add('connector', where, `${path} is not in the zip`);
    }
  }
  for (const r of connectorRoots) {
    if (!pkg.connectors.some((c) => normGuid(c.connectorid) === normGuid(r.id))) {
      add('guid-consistent', 'solution.xml', `RootComponent type 372 ${r.id} has no <Connector> in customizations.xml`);
    }
  }
  const prefix = `${pkg.publisher.prefix}_`;
  for (const v of pkg.envVars) {
    const where = `environment variable ${v.folder}`;
    if (v.schemaName !== v.folder) add('environment-variable', where, `schemaname "${v.schemaName}" differs from its folder name`);
    if (!v.schemaName.startsWith(prefix)) add('environment-variable', where, `schema name must start with the publisher prefix ${prefix}`);
    if (!/^10000000[0-5]$/.test(v.type)) add('environment-variable', where, `type "${v.type}" is not a known environment variable type`);
    if (v.type === '100000001' && v.defaultValue && !Number.isFinite(Number(v.defaultValue))) {
      add('environment-variable', where, `number variable has non-numeric default "${v.defaultValue}"`);
    }
  }
  for (const c of pkg.connectionReferences) {
    const where = `connection reference ${c.logicalName}`;
    if (!c.logicalName.startsWith(prefix)) add('connection-reference', where, `logical name must start with ${prefix}`);
    if (!/^\/providers\/Microsoft\.PowerApps\/apis\/shared_[A-Za-z0-9_-]+$/.test(c.connectorId)) {
      add('connection-reference', where, `connectorid "${c.connectorId}" is not /providers/Microsoft.PowerApps/apis/shared_…`);
    }
  }
}
