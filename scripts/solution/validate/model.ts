/**
 * Reads a packed solution zip back into a model the checks work on. It unzips with fflate and
 * parses the XML with fast-xml-parser, independently of how the packer produced the files.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { readZip } from '../zip.ts';

export interface Finding {
  rule: string;
  where: string;
  message: string;
}

export interface RootComponent {
  type: string;
  id: string | undefined;
  schemaName: string | undefined;
}

export interface SolutionPackage {
  file: string;
  entries: Map<string, Uint8Array>;
  /** Parsed XML per entry name (only entries that are well-formed). */
  xml: Map<string, Record<string, unknown>>;
  uniqueName: string;
  version: string;
  managed: string;
  publisher: { uniqueName: string; prefix: string; optionValuePrefix: string };
  roots: RootComponent[];
  workflows: { id: string; name: string; jsonFileName: string; category: string; stateCode: string; statusCode: string }[];
  /** solution.xml MissingDependencies: what the solution needs from elsewhere. */
  missingDependencies: { type: string; schemaName: string; solution: string; dependentType: string; dependentId: string | undefined }[];
  connectors: Record<string, string>[];
  connectionReferences: { logicalName: string; connectorId: string; customConnectorId: string | undefined }[];
  envVars: { schemaName: string; folder: string; type: string; defaultValue: string | undefined }[];
}

const REPEATED = new Set(['RootComponent', 'Workflow', 'Connector', 'connectionreference', 'Language', 'LocalizedName', 'Address', 'MissingDependency']);
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => REPEATED.has(name),
});

export const text = (entries: Map<string, Uint8Array>, name: string): string =>
  new TextDecoder().decode(entries.get(name) ?? new Uint8Array());

type Node = Record<string, unknown>;
const node = (v: unknown): Node => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Node) : {});
const list = (v: unknown): Node[] => (Array.isArray(v) ? v.map(node) : v === undefined || v === '' ? [] : [node(v)]);
const str = (v: unknown): string => (typeof v === 'string' ? v : v && typeof v === 'object' && '#text' in v ? String((v as Node)['#text']) : '');

export function loadPackage(file: string, bytes: Uint8Array, findings: Finding[]): SolutionPackage {
  const entries = readZip(bytes);
  const xml = new Map<string, Record<string, unknown>>();
  for (const [name] of entries) {
    if (!name.endsWith('.xml')) continue;
    let body = text(entries, name);
    if (body.startsWith('\uFEFF')) body = body.slice(1);
    const ok = XMLValidator.validate(body);
    if (ok !== true) {
      findings.push({ rule: 'xml-well-formed', where: `${file}:${name}`, message: `${ok.err.msg} (line ${ok.err.line})` });
      continue;
    }
    xml.set(name, parser.parse(body) as Record<string, unknown>);
  }
  const manifest = node(node(xml.get('solution.xml')?.ImportExportXml).SolutionManifest);
  const publisher = node(manifest.Publisher);
  const custom = node(xml.get('customizations.xml')?.ImportExportXml);
  const envVars: SolutionPackage['envVars'] = [];
  for (const [name, doc] of xml) {
    const m = /^environmentvariabledefinitions\/([^/]+)\/environmentvariabledefinition\.xml$/.exec(name);
    if (!m?.[1]) continue;
    const def = node(doc.environmentvariabledefinition);
    envVars.push({
      schemaName: str(def['@schemaname']),
      folder: m[1],
      type: str(def.type),
      defaultValue: def.defaultvalue === undefined ? undefined : str(def.defaultvalue),
    });
  }
  return {
    file,
    entries,
    xml,
    uniqueName: str(manifest.UniqueName),
    version: str(manifest.Version),
    managed: str(manifest.Managed),
    publisher: {
      uniqueName: str(publisher.UniqueName),
      prefix: str(publisher.CustomizationPrefix),
      optionValuePrefix: str(publisher.CustomizationOptionValuePrefix),
    },
    roots: list(node(manifest.RootComponents).RootComponent).map((r) => ({
      type: str(r['@type']),
      id: r['@id'] === undefined ? undefined : str(r['@id']),
      schemaName: r['@schemaName'] === undefined ? undefined : str(r['@schemaName']),
    })),
    workflows: list(node(custom.Workflows).Workflow).map((w) => ({
      id: str(w['@WorkflowId']),
      name: str(w['@Name']),
      jsonFileName: str(w.JsonFileName),
      category: str(w.Category),
      stateCode: str(w.StateCode),
      statusCode: str(w.StatusCode),
    })),
    missingDependencies: list(node(manifest.MissingDependencies).MissingDependency).map((d) => {
      const required = node(d.Required);
      const dependent = node(d.Dependent);
      return {
        type: str(required['@type']),
        schemaName: str(required['@schemaName']),
        solution: str(required['@solution']),
        dependentType: str(dependent['@type']),
        dependentId: dependent['@id'] === undefined ? undefined : str(dependent['@id']),
      };
    }),
    connectors: list(node(custom.Connectors).Connector).map((c) =>
      Object.fromEntries(Object.entries(c).filter(([k]) => !k.startsWith('@')).map(([k, v]) => [k, str(v)])),
    ),
    connectionReferences: list(node(custom.connectionreferences).connectionreference).map((c) => ({
      logicalName: str(c['@connectionreferencelogicalname']),
      connectorId: str(c.connectorid),
      customConnectorId: c.customconnectorid === undefined ? undefined : str(node(c.customconnectorid).connectorid),
    })),
    envVars,
  };
}

/** `{ABC-…}` / `abc-…` → `abc-…`, for comparing GUIDs written in different styles. */
export function normGuid(id: string | undefined): string {
  return (id ?? '').replace(/[{}]/g, '').toLowerCase();
}

export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
