/**
 * What the certification review stops a connector for, beyond the Swagger Validator rules in
 * lint-swagger.ts (real-exports.md "Connector"; connectors.md §1.3, §3.2):
 * - `restricted-words`: Power Platform product names in maker-visible text (ValueContainsRestrictedWords);
 * - `redirect-mode`: OAuth sign-in must use the per-connector redirect (GlobalPerConnector), and the
 *   README's app-registration steps must register that URI;
 * - `enum-null`: `null` inside an enum (InvalidEnumValue); nullability is `x-nullable`;
 * - `async-action-output`: a 202-style action shows outputs only from a schema on its 200
 *   (SchemaDefinitionSetIncorrectly);
 * - `placeholder-url` (certification builds): the host and public URLs must be real, published ones;
 * - `deploy-stack-owner`: what the deploy sends must not carry stackOwner (paconn/pac updates fail).
 */
import { isObj, obj, str, type Json } from './json.ts';
import { operations, successResponses, type Finding } from './lint-walk.ts';

/** Product names the review refuses in connector text (DH certification-submission.md). */
export const RESTRICTED_WORDS = [
  'Power Automate', 'Power Apps', 'PowerApps', 'Power BI', 'PowerBI', 'Power Pages', 'Power Platform',
  'Power Virtual Agents', 'Microsoft Flow', 'MS Flow', 'Copilot Studio',
];
const RESTRICTED = new RegExp(`\\b(${RESTRICTED_WORDS.map((w) => w.replace(/ /g, '\\s*')).join('|')})\\b`, 'gi');
const TEXT_KEYS = new Set(['title', 'summary', 'description', 'x-ms-summary', 'displayName', 'tooltip']);

const PER_CONNECTOR_REDIRECT = 'https://global.consent.azure-apim.net/redirect';

export interface ReviewOptions {
  readonly certification: boolean;
  readonly deployedProperties: (apiProperties: Json) => Json;
}

export function lintReview(files: { swagger: Json; apiProperties?: Json | undefined; readme?: string | undefined }, options: ReviewOptions): Finding[] {
  const findings: Finding[] = [];
  const add = (rule: string, where: string, message: string) => findings.push({ rule, where, message });
  restrictedWords(files.swagger, 'apiDefinition', add);
  enumNull(files.swagger, add);
  asyncActionOutput(files.swagger, add);
  if (options.certification) placeholders(files.swagger, add);
  if (files.apiProperties) {
    const params = obj(obj(files.apiProperties.properties).connectionParameters);
    restrictedWords(params, 'apiProperties: connectionParameters', add);
    redirectMode(params, add);
    if (files.readme !== undefined) readmeRedirect(files.readme, add);
    const sent = obj(options.deployedProperties(files.apiProperties).properties);
    if ('stackOwner' in sent) {
      add('deploy-stack-owner', 'apiProperties: stackOwner', 'the deploy sends stackOwner to pac; updates fail with it (it belongs to the certification package only)');
    }
  }
  return findings;
}

type Add = (rule: string, where: string, message: string) => void;

function restrictedWords(root: unknown, file: string, add: Add): void {
  const visit = (node: unknown, where: string): void => {
    if (Array.isArray(node)) return node.forEach((n, i) => visit(n, `${where}/${i}`));
    if (!isObj(node)) return;
    for (const [key, value] of Object.entries(node)) {
      const names = typeof value === 'string' && TEXT_KEYS.has(key) ? [...value.matchAll(RESTRICTED)].map((m) => `"${m[1]}"`) : [];
      if (names.length) {
        add('restricted-words', `${file}: ${where}/${key}`, `names the product ${names.join(' and ')}; connector text may not name Power Platform products`);
      }
      // Property names and enum values are data, not text; only the text keys above are read.
      visit(value, `${where}/${key}`);
    }
  };
  visit(root, '');
}

function redirectMode(params: Json, add: Add): void {
  for (const [name, param] of Object.entries(params)) {
    const settings = obj(obj(param).oAuthSettings);
    if (obj(param).type !== 'oauthSetting') continue;
    const where = `apiProperties: connectionParameters.${name}.oAuthSettings`;
    if (settings.redirectMode !== 'GlobalPerConnector') {
      add('redirect-mode', where, `redirectMode is ${JSON.stringify(settings.redirectMode ?? null)}; certification asks for GlobalPerConnector (a redirect URI per connector)`);
    }
    const url = str(settings.redirectUrl);
    if (url !== undefined && !url.startsWith(PER_CONNECTOR_REDIRECT)) add('redirect-mode', where, `redirectUrl "${url}" is not under ${PER_CONNECTOR_REDIRECT}`);
  }
}

/**
 * With GlobalPerConnector the app registration needs the connector's own redirect URI
 * (…/redirect/<connector API name>); steps that register only the shared …/redirect leave sign-in
 * failing with a redirect mismatch.
 */
function readmeRedirect(readme: string, add: Add): void {
  const base = PER_CONNECTOR_REDIRECT.replace(/[.]/g, '\\.');
  if (!new RegExp(`${base}/\\S`).test(readme)) {
    add('redirect-mode', 'README.md', `the app-registration steps do not register the per-connector redirect URI (${PER_CONNECTOR_REDIRECT}/<connector API name>)`);
  }
  if (new RegExp(`${base}(?![/\\w-])`).test(readme)) {
    add('redirect-mode', 'README.md', `the steps register the shared ${PER_CONNECTOR_REDIRECT}; with GlobalPerConnector the connector's own URI is the one to register`);
  }
}

function enumNull(doc: Json, add: Add): void {
  const visit = (node: unknown, where: string): void => {
    if (Array.isArray(node)) return node.forEach((n, i) => visit(n, `${where}/${i}`));
    if (!isObj(node)) return;
    if (Array.isArray(node.enum) && node.enum.includes(null)) {
      add('enum-null', `apiDefinition: ${where}`, 'null is inside the enum; leave it out and mark the schema x-nullable: true');
    }
    if (Array.isArray(node['x-ms-enum-values']) && node['x-ms-enum-values'].some((v) => obj(v).value === null)) {
      add('enum-null', `apiDefinition: ${where}`, 'x-ms-enum-values names null; leave it out and mark the schema x-nullable: true');
    }
    for (const [key, value] of Object.entries(node)) visit(value, `${where}/${key}`);
  };
  visit(doc.definitions, '/definitions');
  visit(doc.parameters, '/parameters');
  visit(doc.responses, '/responses');
  visit(doc.paths, '/paths');
}

/** An action answering 202 + Location is awaited by the platform; its outputs come from the 200 schema. */
function asyncActionOutput(doc: Json, add: Add): void {
  for (const op of operations(doc)) {
    if (op.operation['x-ms-trigger'] !== undefined) continue;
    const success = new Map(successResponses(doc, op.operation));
    const accepted = success.get('202');
    if (!accepted) continue;
    const ok = success.get('200');
    if (!ok || !isObj(ok.schema)) add('async-action-output', `apiDefinition: ${op.where}`, 'answers 202 but has no schema on 200: the designer shows outputs only from 200/201, so give 200 the final result');
    if (isObj(accepted.schema)) add('async-action-output', `apiDefinition: ${op.where} 202`, 'the 202 carries a schema; the final schema belongs on 200 and the 202 only says where to poll');
  }
}

/** Reserved names (RFC 2606, RFC 6761) that can never be a published host or address. */
export function isPlaceholderHost(host: string): boolean {
  const h = host.toLowerCase().replace(/:\d+$/, '').replace(/\.$/, '');
  return /(^|\.)example\.(com|net|org)$/.test(h) || /(^|\.)(example|test|invalid|localhost)$/.test(h) || h === '' || /[{}]/.test(h);
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}

function placeholders(doc: Json, add: Add): void {
  const check = (where: string, value: string | undefined, host: string) => {
    if (value === undefined || isPlaceholderHost(host)) {
      add('placeholder-url', `apiDefinition: ${where}`, `${JSON.stringify(value ?? null)} is a placeholder; a certification build needs the published value (pack setting)`);
    }
  };
  const host = str(doc.host);
  check('host', host, host ?? '');
  const contact = obj(obj(doc.info).contact);
  const url = str(contact.url);
  check('info.contact.url', url, hostOf(url ?? ''));
  const email = str(contact.email);
  check('info.contact.email', email, email?.split('@')[1] ?? '');
  const license = str(obj(obj(doc.info).license).url);
  if (license !== undefined) check('info.license.url', license, hostOf(license));
  const metadata = Array.isArray(doc['x-ms-connector-metadata']) ? doc['x-ms-connector-metadata'].map(obj) : [];
  for (const name of ['Website', 'Privacy policy']) {
    const value = str(metadata.find((m) => m.propertyName === name)?.propertyValue);
    check(`x-ms-connector-metadata ${name}`, value, hostOf(value ?? ''));
  }
}
