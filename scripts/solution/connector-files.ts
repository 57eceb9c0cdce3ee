/**
 * Produces the custom connector's solution files from the paconn package in connector/
 * (apiDefinition.swagger.json, apiProperties.json, icon.png). Nothing of the connector is kept by
 * hand inside solution/: only its identity (id, name, file paths) lives in the element file.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { elementText, escapeXml, stripComments } from './xml-text.ts';

/** Environment variables the connector reads at run time (they ship in the connector solution). */
export const CONNECTOR_HOST_VARIABLE = 'cmms_CmmsApiHost';
export const CONNECTOR_CLIENT_ID_VARIABLE = 'cmms_CmmsClientId';

export interface ConnectorPackage {
  swagger: Record<string, unknown>;
  apiProperties: { properties: Record<string, unknown> };
  icon: Uint8Array;
}

export function readConnectorPackage(dir: string): ConnectorPackage {
  const need = (file: string) => {
    const path = join(dir, file);
    if (!existsSync(path)) {
      throw new Error(`${path} is missing: run "npm run connector" first; the solution packs the generated connector`);
    }
    return readFileSync(path);
  };
  const swagger = JSON.parse(need('apiDefinition.swagger.json').toString('utf8')) as Record<string, unknown>;
  const apiProperties = JSON.parse(need('apiProperties.json').toString('utf8')) as ConnectorPackage['apiProperties'];
  if (!apiProperties || typeof apiProperties.properties !== 'object') {
    throw new Error(`${join(dir, 'apiProperties.json')} has no "properties" object`);
  }
  return { swagger, apiProperties, icon: new Uint8Array(need('icon.png')) };
}

export interface ConnectorElement {
  connectorId: string;
  name: string;
  openapidefinition: string;
  connectionparameters: string;
  policytemplateinstances: string;
  iconblob: string;
}

export function parseConnectorElement(xml: string, source: string): ConnectorElement {
  const get = (tag: string) => {
    const v = elementText(xml, tag);
    if (!v) throw new Error(`${source}: <${tag}> is required`);
    return v;
  };
  return {
    connectorId: get('connectorid'),
    name: get('name'),
    openapidefinition: get('openapidefinition'),
    connectionparameters: get('connectionparameters'),
    policytemplateinstances: get('policytemplateinstances'),
    iconblob: get('iconblob'),
  };
}

const envRef = (schemaName: string) => `@environmentVariables("${schemaName}")`;

/**
 * The connector as the solution carries it: the host and the OAuth client id point at environment
 * variables, so one managed solution serves every environment (connectors.md §1.3, solution-format §6.3).
 */
export function solutionConnectorFiles(pkg: ConnectorPackage, element: ConnectorElement): Map<string, Uint8Array> {
  const swagger = { ...pkg.swagger, host: envRef(CONNECTOR_HOST_VARIABLE) };
  const props = pkg.apiProperties.properties;
  const connectionParameters = withClientIdVariable(structuredClone(props.connectionParameters ?? {}));
  const policies = exportedPolicies(props.policyTemplateInstances);
  const enc = new TextEncoder();
  const files = new Map<string, Uint8Array>();
  files.set(zipPath(element.openapidefinition), enc.encode(JSON.stringify(swagger)));
  files.set(zipPath(element.connectionparameters), enc.encode(JSON.stringify(connectionParameters)));
  files.set(zipPath(element.policytemplateinstances), enc.encode(JSON.stringify(policies)));
  files.set(zipPath(element.iconblob), pkg.icon);
  return files;
}

/**
 * apiProperties' camelCase policy instances in the form a solution export writes them:
 * `[{"Parameters":{…},"TemplateId":"…","Title":"…","Type":null}]`, keys in that order, and
 * `null` for a connector without policies (real-exports.md: CoE cat_5Fcustomazuredevops, PnP).
 */
export function exportedPolicies(instances: unknown): unknown {
  if (!Array.isArray(instances) || instances.length === 0) return null;
  return instances.map((raw) => {
    const p = (raw ?? {}) as { templateId?: unknown; title?: unknown; parameters?: unknown };
    return { Parameters: p.parameters ?? {}, TemplateId: p.templateId, Title: p.title ?? '', Type: null };
  });
}

/** The exported form read back into apiProperties' camelCase (for the paconn schema). */
export function paconnPolicies(exported: unknown): unknown[] {
  if (!Array.isArray(exported)) return [];
  return exported.map((raw) => {
    const p = (raw ?? {}) as { TemplateId?: unknown; Title?: unknown; Parameters?: unknown };
    return { templateId: p.TemplateId, title: p.Title, parameters: p.Parameters };
  });
}

function withClientIdVariable(params: unknown): unknown {
  if (!params || typeof params !== 'object') return params;
  for (const value of Object.values(params as Record<string, unknown>)) {
    const settings = (value as { oAuthSettings?: Record<string, unknown> } | null)?.oAuthSettings;
    if (settings && typeof settings === 'object') settings.clientId = envRef(CONNECTOR_CLIENT_ID_VARIABLE);
  }
  return params;
}

/** `/Connector/x.json` in the element is the zip entry `Connector/x.json`. */
export function zipPath(elementPath: string): string {
  return elementPath.replace(/^\//, '');
}

/** The `<Connector>` element with the display fields taken from the package, in export order. */
export function connectorElementXml(sourceXml: string, pkg: ConnectorPackage): string {
  const info = (pkg.swagger.info ?? {}) as { title?: string; description?: string };
  const color = String(pkg.apiProperties.properties.iconBrandColor ?? '');
  let xml = stripComments(sourceXml).replace(/^\s*<\?xml[^?]*\?>\s*/, '').trim();
  const extra =
    `  <description>${escapeXml(info.description ?? '')}</description>\n` +
    `  <displayname>${escapeXml(info.title ?? '')}</displayname>\n` +
    `  <iconbrandcolor>${escapeXml(color)}</iconbrandcolor>\n`;
  xml = xml.replace(/(<connectorid>[^<]*<\/connectorid>\r?\n)/, `$1${extra}`);
  return xml;
}
