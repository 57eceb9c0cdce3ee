/**
 * Turns one unpacked solution folder (SolutionPackager layout) into the entries of its import zip,
 * in memory. Zip form (solution-format.md §1–2): root `solution.xml`, `customizations.xml` with the
 * workflow and connector elements folded back in, `[Content_Types].xml`, flow JSON, environment
 * variable definitions and the connector files produced from connector/.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import {
  connectorElementXml,
  parseConnectorElement,
  readConnectorPackage,
  solutionConnectorFiles,
} from './connector-files.ts';
import type { GeneratedFlows } from './flows/index.ts';
import { foldTables, isTableSource } from './tables/fold.ts';
import { appendToElement, elementText, fillEmptyElement, toCrlf, toZipXml } from './xml-text.ts';

export interface BuildOptions {
  /** The paconn package folder (connector/), read when the solution holds a connector. */
  connectorDir: string;
  managed: boolean;
  /**
   * The platform-assigned API name of the custom connector in the target environment
   * (`shared_…`); replaces the default one written in the sources. See solution/README.md.
   */
  connectorInternalId?: string | undefined;
  /** Flows generated at pack time (the sync solution's, from the chosen mapping). */
  generated?: GeneratedFlows | undefined;
}

export interface BuiltSolution {
  uniqueName: string;
  version: string;
  /** Zip entries in the order they are written. */
  entries: Map<string, Uint8Array>;
}

const enc = new TextEncoder();

export function listSourceFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else out.push(relative(dir, full).split(sep).join('/'));
    }
  };
  walk(dir);
  return out;
}

const WORKFLOW_JSON = /^Workflows\/[A-Za-z0-9_-]{1,50}-[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\.json$/;

export function buildSolution(sourceDir: string, options: BuildOptions): BuiltSolution {
  const files = listSourceFiles(sourceDir);
  const read = (rel: string) => readFileSync(join(sourceDir, rel), 'utf8');
  const known = new Set<string>(['Other/Solution.xml', 'Other/Customizations.xml']);
  for (const required of known) {
    if (!files.includes(required)) throw new Error(`${sourceDir}: ${required} is missing`);
  }

  let solutionXml = read('Other/Solution.xml');
  const uniqueName = elementText(solutionXml, 'UniqueName') ?? '';
  const version = elementText(solutionXml, 'Version') ?? '';
  if (!/^<Managed>[012]<\/Managed>$/m.test(solutionXml.replace(/^\s+/gm, ''))) {
    throw new Error(`${sourceDir}/Other/Solution.xml: <Managed> must be 0, 1 or 2`);
  }
  // A zip carries 0 or 1; 2 ("both") only exists in an unpacked folder.
  solutionXml = solutionXml.replace(/<Managed>[012]<\/Managed>/, `<Managed>${options.managed ? 1 : 0}</Managed>`);

  const rewriteInternalId = makeInternalIdRewriter(read('Other/Customizations.xml'), options.connectorInternalId);
  const body = new Map<string, Uint8Array>();
  const workflowElements: string[] = [...(options.generated?.workflowElements ?? [])];
  const connectorElements: string[] = [];
  for (const [name, bytes] of options.generated?.files ?? []) {
    if (files.includes(name)) throw new Error(`${sourceDir}/${name}: generated at pack time, remove the source copy`);
    body.set(name, enc.encode(rewriteInternalId(new TextDecoder().decode(bytes))));
  }
  if (options.generated) {
    solutionXml = appendToElement(solutionXml, 'RootComponents', options.generated.rootComponents, '    ');
    solutionXml = appendToElement(solutionXml, 'MissingDependencies', options.generated.missingDependencies, '    ');
  }

  for (const rel of files) {
    if (known.has(rel)) continue;
    if (WORKFLOW_JSON.test(rel)) {
      const flow = JSON.parse(read(rel)) as unknown;
      const text = rewriteInternalId(JSON.stringify(flow, null, 2));
      body.set(rel, enc.encode(toCrlf(text)));
      const dataFile = `${rel}.data.xml`;
      if (!files.includes(dataFile)) throw new Error(`${sourceDir}/${rel}: ${dataFile} is missing`);
      known.add(dataFile);
      workflowElements.push(toZipXml(read(dataFile)).trim().replace(/\r\n/g, '\n'));
    } else if (/^environmentvariabledefinitions\/[^/]+\/environmentvariabledefinition\.xml$/.test(rel)) {
      body.set(rel, enc.encode(toZipXml(read(rel))));
    } else if (/^environmentvariabledefinitions\/[^/]+\/environmentvariablevalues\.json$/.test(rel)) {
      // Values shipped in a solution override the target's own values (solution-format §11.6).
      throw new Error(`${sourceDir}/${rel}: do not ship environment variable values; use the deployment settings`);
    } else if (/^Connectors\/[^/]+\.xml$/.test(rel)) {
      const source = read(rel);
      const element = parseConnectorElement(source, `${sourceDir}/${rel}`);
      const pkg = readConnectorPackage(options.connectorDir);
      for (const [path, bytes] of solutionConnectorFiles(pkg, element)) body.set(path, bytes);
      connectorElements.push(connectorElementXml(source, pkg));
    } else if (isTableSource(rel)) {
      // folded into customizations.xml below
    } else if (!rel.endsWith('.json.data.xml')) {
      throw new Error(`${sourceDir}/${rel}: not part of the SolutionPackager layout this packer knows`);
    }
  }
  for (const rel of files) {
    if (rel.endsWith('.json.data.xml') && !known.has(rel)) throw new Error(`${sourceDir}/${rel}: has no flow JSON`);
  }

  let customizations = foldTables(read('Other/Customizations.xml'), files, read);
  customizations = fillEmptyElement(customizations, 'Workflows', workflowElements, '  ');
  if (connectorElements.length || /<Connectors/.test(customizations)) {
    customizations = fillEmptyElement(customizations, 'Connectors', connectorElements, '  ');
  }
  customizations = rewriteInternalId(customizations);

  const entries = new Map<string, Uint8Array>();
  const sortedBody = [...body.keys()].sort();
  entries.set('customizations.xml', enc.encode(toZipXml(customizations)));
  entries.set('[Content_Types].xml', contentTypes(sortedBody));
  entries.set('solution.xml', enc.encode(toZipXml(solutionXml)));
  for (const name of sortedBody) entries.set(name, body.get(name)!);
  return { uniqueName, version, entries };
}

/** One `Default` per extension present, an `Override` per extension-less part (solution-format §2). */
export function contentTypes(names: readonly string[]): Uint8Array {
  const exts = new Set<string>(['xml']);
  const overrides: string[] = [];
  for (const n of names) {
    const base = n.slice(n.lastIndexOf('/') + 1);
    const dot = base.lastIndexOf('.');
    if (dot > 0) exts.add(base.slice(dot + 1));
    else overrides.push(n);
  }
  const order = [...exts].sort((a, b) => (a === 'xml' ? -1 : b === 'xml' ? 1 : a < b ? -1 : a > b ? 1 : 0));
  const defaults = order.map((e) => `<Default Extension="${e}" ContentType="application/octet-stream" />`);
  const parts = overrides.map((n) => `<Override PartName="/${n}" ContentType="application/octet-stream" />`);
  const xml =
    '\uFEFF<?xml version="1.0" encoding="utf-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
    defaults.join('') +
    parts.join('') +
    '</Types>';
  return enc.encode(xml);
}

/**
 * The sources name the connector by a default API name; an environment's real `connectorinternalid`
 * may differ, so the packer can swap it everywhere (connection reference and flows) in one go.
 */
function makeInternalIdRewriter(customizations: string, replacement: string | undefined): (s: string) => string {
  if (!replacement) return (s) => s;
  if (!/^shared_[a-z0-9-]+$/.test(replacement)) {
    throw new Error(`connector internal id "${replacement}" must look like shared_<lower-case name>`);
  }
  const m = /<connectorid>\/providers\/Microsoft\.PowerApps\/apis\/(shared_[^<]+)<\/connectorid>\s*<customconnectorid>/.exec(
    customizations,
  );
  if (!m?.[1]) return (s) => s;
  const current = m[1];
  return (s) => s.split(current).join(replacement);
}
