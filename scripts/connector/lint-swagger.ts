/**
 * Certification rules for apiDefinition.swagger.json (connectors.md §1.4, §2, §3, §5.3): what the
 * Power Platform Swagger Validator and the certification review reject, encoded offline.
 */
import { isObj, obj, str, type Json } from './json.ts';
import { lintDynamic } from './lint-dynamic.ts';
import {
  arrayItems, operations, resolve, resolveSchema, schemaAtPath, successResponses, successSchema, walkSchema,
  type Finding, type OperationView,
} from './lint-walk.ts';

export const MAX_OPERATIONS = 256;
export const MAX_BYTES = 1024 * 1024;
const CATEGORIES = new Set([
  'AI', 'Business Management', 'Business Intelligence', 'Collaboration', 'Commerce', 'Communication',
  'Content and Files', 'Finance', 'Data', 'Human Resources', 'Internet of Things', 'IT Operations',
  'Lifestyle and Entertainment', 'Marketing', 'Productivity', 'Sales and CRM', 'Security', 'Social Media', 'Website',
]);
const NEXT_LINK_NAMES = new Set(['nextLink', '@odata.nextLink']);

export function lintSwagger(doc: Json, sizeBytes?: number): Finding[] {
  const findings: Finding[] = [];
  const add = (rule: string, where: string, message: string) => findings.push({ rule, where: `apiDefinition: ${where}`, message });
  lintInfo(doc, add);
  const ops = operations(doc);
  if (ops.length > MAX_OPERATIONS) add('operation-count', 'paths', `${ops.length} operations; Power Platform allows ${MAX_OPERATIONS}`);
  if (sizeBytes !== undefined && sizeBytes > MAX_BYTES) add('file-size', 'file', `${sizeBytes} bytes; the limit is ${MAX_BYTES}`);
  const seenIds = new Map<string, string>();
  const seenPaths = new Map<string, string>();
  for (const path of Object.keys(obj(doc.paths))) {
    const key = path.toLowerCase().replace(/\{[^}]+\}/g, '{}');
    if (seenPaths.has(key)) add('duplicate-path', path, `same path as ${seenPaths.get(key)} (paths compare case-insensitively)`);
    seenPaths.set(key, path);
    if (/[?#]/.test(path)) add('path-query', path, 'a path may not contain a query or fragment');
  }
  for (const op of ops) {
    const id = op.operationId;
    if (!id) add('operation-id', op.where, 'operationId is required');
    else {
      if (!/^[A-Z][A-Za-z0-9]*$/.test(id)) add('operation-id', op.where, `operationId "${id}" must be PascalCase letters and digits`);
      const prior = seenIds.get(id.toLowerCase());
      if (prior) add('operation-id', op.where, `operationId "${id}" is also used by ${prior}`);
      seenIds.set(id.toLowerCase(), op.where);
    }
    lintStrings(op, add);
    lintParameters(doc, op, add);
    lintResponses(doc, op, add);
    lintTrigger(doc, op, ops, add);
    lintPageable(doc, op, add);
  }
  for (const f of lintDynamic(doc, ops)) findings.push(f);
  lintEnumValues(doc, add);
  lintTestConnection(doc, ops, add);
  return findings;
}

type Add = (rule: string, where: string, message: string) => void;

function lintInfo(doc: Json, add: Add): void {
  const info = obj(doc.info);
  const title = str(info.title) ?? '';
  if (!title) add('info-title', 'info.title', 'a title is required');
  if (title.length > 30) add('info-title', 'info.title', `"${title}" is ${title.length} characters; at most 30`);
  if (/\b(api|connector)s?\b/i.test(title)) add('info-title', 'info.title', `"${title}" may not contain "API" or "Connector"`);
  if (title && !/[A-Za-z0-9]$/.test(title)) add('info-title', 'info.title', 'the title must end with a letter or digit');
  const description = str(info.description) ?? '';
  if (description.length < 30 || description.length > 500) {
    add('info-description', 'info.description', `${description.length} characters; it must have 30 to 500`);
  }
  const contact = obj(info.contact);
  if (!contact.name || !contact.url || !contact.email) add('info-contact', 'info.contact', 'contact needs name, url and email');
  else if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(String(contact.email))) add('info-contact', 'info.contact.email', 'not an email address');

  const metadata = Array.isArray(doc['x-ms-connector-metadata']) ? doc['x-ms-connector-metadata'].map(obj) : [];
  const value = (name: string) => str(metadata.find((m) => m.propertyName === name)?.propertyValue);
  for (const name of ['Website', 'Privacy policy', 'Categories']) {
    if (!value(name)) add('connector-metadata', 'x-ms-connector-metadata', `"${name}" is missing`);
  }
  const categories = (value('Categories') ?? '').split(';').map((c) => c.trim()).filter(Boolean);
  if (categories.length > 2) add('connector-metadata', 'x-ms-connector-metadata', 'at most two categories');
  for (const c of categories) if (!CATEGORIES.has(c)) add('connector-metadata', 'x-ms-connector-metadata', `"${c}" is not an allowed category`);

  const host = str(doc.host) ?? '';
  if (!/^[^{}/ :\\]+(?::\d+)?$/.test(host)) add('host', 'host', `"${host}" must be a bare host name, without scheme or path`);
  if (!String(doc.basePath ?? '').startsWith('/')) add('host', 'basePath', 'basePath must start with /');
  const schemes = Array.isArray(doc.schemes) ? doc.schemes : [];
  if (schemes.length === 0 || schemes.some((s) => s !== 'http' && s !== 'https')) add('host', 'schemes', 'schemes must be http and/or https');

  const defs = obj(doc.securityDefinitions);
  if (Object.keys(defs).length === 0) add('security', 'securityDefinitions', 'the connector defines no sign-in scheme');
  for (const requirement of Array.isArray(doc.security) ? doc.security.map(obj) : []) {
    for (const [name, scopes] of Object.entries(requirement)) {
      if (!(name in defs)) add('security', 'security', `requirement names undefined scheme "${name}"`);
      if (!Array.isArray(scopes) || scopes.length) add('security', 'security', `requirement "${name}" must have an empty scope list`);
    }
  }
}

function lintStrings(op: OperationView, add: Add): void {
  const summary = str(op.operation.summary) ?? '';
  if (!summary) add('operation-summary', op.where, 'a summary is required');
  else {
    if (summary.length > 80) add('operation-summary', op.where, `summary is ${summary.length} characters; at most 80`);
    if (/[^A-Za-z0-9]$/.test(summary) && !summary.endsWith(')')) add('operation-summary', op.where, `summary "${summary}" must not end with punctuation`);
    else if (/[^A-Za-z0-9 ()]/.test(summary)) add('operation-summary', op.where, `summary "${summary}" may only hold letters, digits, spaces and parentheses`);
    if (!/^[A-Z]/.test(summary)) add('operation-summary', op.where, 'summary must start with a capital letter (sentence case)');
  }
  const description = str(op.operation.description) ?? '';
  if (!description) add('operation-description', op.where, 'a description is required');
  else if (!isSentence(description)) {
    add('operation-description', op.where, 'the description must be a sentence: capital first letter, final period');
  } else if (description.trim() === summary) add('operation-description', op.where, 'the description repeats the summary');
}

function lintParameters(doc: Json, op: OperationView, add: Add): void {
  const bodies = op.parameters.filter((p) => p.in === 'body' || p.in === 'formData');
  if (op.parameters.filter((p) => p.in === 'body').length > 1) add('body-parameter', op.where, 'more than one body parameter');
  if (bodies.length && ['get', 'head', 'delete'].includes(op.method)) {
    add('body-parameter', op.where, `a ${op.method.toUpperCase()} operation may not have a body`);
  }
  for (const p of op.parameters) {
    const at = `${op.where} parameter ${String(p.name)}`;
    if (String(p.name).toLowerCase() === 'connectionid') add('parameter-reserved', at, '"connectionId" is reserved by Power Platform');
    if (p.in !== 'body') {
      if (!str(p['x-ms-summary'])) add('parameter-strings', at, 'x-ms-summary is required');
      else checkDisplayName(String(p['x-ms-summary']), (m) => add('parameter-strings', at, m));
      if (!str(p.description)) add('parameter-strings', at, 'a description is required');
      else if (!isSentence(String(p.description))) add('parameter-strings', at, 'the description must be a sentence: capital first letter, final period');
    }
    if (p.in === 'path') {
      if (p.required !== true) add('path-parameter', at, 'path parameters must be required');
      if (!p['x-ms-url-encoding']) add('path-parameter', at, 'x-ms-url-encoding is required on path parameters');
    }
    if (p['x-ms-visibility'] === 'internal' && p.required === true && p.default === undefined && p.in !== 'body') {
      add('internal-required-default', at, 'an internal required parameter needs a default (makers cannot fill it)');
    }
    if (p.in === 'body') lintBodySchema(doc, p.schema, at, add);
  }
}

/** Input fields makers fill in: each needs strings; internal ones must be required with a default. */
function lintBodySchema(doc: Json, schema: unknown, at: string, add: Add): void {
  walkSchema(doc, schema, (node, trail, requiredAllTheWay) => {
    if (trail.length === 0 || trail.at(-1) === '[]' || trail.at(-1) === '{}') return;
    const where = `${at} body/${trail.join('/')}`;
    const parentRequired = requiredAllTheWay;
    if (node['x-ms-notification-url'] === true) return; // the platform fills it (checked by the trigger rule)
    if (node.readOnly === true) {
      if (parentRequired) add('body-property', where, 'a read-only property cannot be required as input');
      return;
    }
    if (node['x-ms-visibility'] === 'internal') {
      if (node.default === undefined) add('internal-required-default', where, 'an internal input field needs a default');
      else if (!parentRequired) add('internal-required-default', where, 'optional internal fields are ignored; make it required');
      return;
    }
    if (!str(node['x-ms-summary'])) add('body-property', where, 'x-ms-summary is required on input fields');
    else checkDisplayName(String(node['x-ms-summary']), (m) => add('body-property', where, m));
    if (!str(node.description)) add('body-property', where, 'a description is required on input fields');
    else if (!isSentence(String(node.description))) add('body-property', where, 'the description must be a sentence: capital first letter, final period');
  });
}

/** Hint texts are full sentences (certification string guidance): capital or digit first, final punctuation. */
function isSentence(text: string): boolean {
  return /^[A-Z0-9]/.test(text) && /[.!?]$/.test(text.trim());
}

const MINOR_WORDS = new Set(['a', 'an', 'and', 'as', 'at', 'by', 'for', 'from', 'in', 'of', 'on', 'or', 'per', 'the', 'to', 'with']);

/** Field names makers see (x-ms-summary): Title Case, at most 80 characters (Microsoft's string guidance). */
function checkDisplayName(name: string, report: (message: string) => void): void {
  if (name.length > 80) report(`x-ms-summary "${name}" is ${name.length} characters; at most 80`);
  const lower = name.split(/\s+/).filter((w, i) => /^[a-z]/.test(w) && (i === 0 || !MINOR_WORDS.has(w)));
  if (lower.length) report(`x-ms-summary "${name}" must be Title Case (${lower.join(', ')})`);
}

function lintResponses(doc: Json, op: OperationView, add: Add): void {
  const responses = obj(op.operation.responses);
  const codes = Object.keys(responses);
  const success = successResponses(doc, op.operation);
  if (success.length === 0) add('responses', op.where, 'no 2xx response is declared');
  const withSchema = success.filter(([, r]) => isObj(r.schema));
  if (withSchema.length > 1) add('responses', op.where, `${withSchema.length} 2xx responses have a schema; the designer uses only one`);
  if (success.length && withSchema.length === 0 && !success.every(([c]) => c === '202' || c === '204')) {
    add('responses', op.where, 'the success response needs a schema');
  }
  if (isObj(resolve(doc, responses.default).schema)) add('responses', op.where, 'the default response may not have a schema');
  if (!codes.some((c) => /^4\d\d$/.test(c))) add('responses', op.where, 'no 4xx response is declared');
  if (!codes.some((c) => /^5\d\d$/.test(c))) add('responses', op.where, 'no 5xx response is declared');
  for (const [code, r] of Object.entries(responses)) if (!str(resolve(doc, r).description)) add('responses', `${op.where} ${code}`, 'a response description is required');
}

function lintTrigger(doc: Json, op: OperationView, all: OperationView[], add: Add): void {
  const kind = op.operation['x-ms-trigger'];
  if (kind === undefined) return;
  const summary = str(op.operation.summary) ?? '';
  if (!/^When /.test(summary)) add('trigger', op.where, 'a trigger summary starts with "When"');
  const schema = successSchema(doc, op.operation);
  if (op.operation['x-ms-trigger-metadata'] !== undefined) {
    const meta = obj(op.operation['x-ms-trigger-metadata']);
    if (meta.kind !== 'query' || meta.mode !== 'polling') add('polling-trigger', op.where, 'x-ms-trigger-metadata must be { kind: query, mode: polling }');
    const accepted = obj(op.operation.responses)['202'];
    if (accepted === undefined) add('polling-trigger', op.where, 'a polling trigger answers 202 when nothing changed; declare it');
    else if (!hasHeader(resolve(doc, accepted), 'location')) {
      add('polling-trigger', op.where, 'the 202 must declare the Location header: the platform polls that URL (with the trigger state) next');
    }
    if (kind === 'batch' && !arrayItems(doc, schema)) add('polling-trigger', op.where, 'a batch trigger must return an array');
    return;
  }
  // Webhook trigger: subscription body with the callback URL, payload schema, Location + DELETE.
  const content = obj(op.pathItem['x-ms-notification-content']);
  if (!isObj(content.schema)) add('webhook-trigger', op.where, 'the path needs x-ms-notification-content with a schema');
  const body = op.parameters.find((p) => p.in === 'body');
  let urls = 0;
  if (body) {
    walkSchema(doc, body.schema, (node, trail, requiredAllTheWay) => {
      if (node['x-ms-notification-url'] !== true) return;
      urls++;
      const at = `${op.where} body/${trail.join('/')}`;
      if (node.type !== 'string') add('webhook-trigger', at, 'the notification URL property must be a string');
      if (node['x-ms-visibility'] !== 'internal') add('webhook-trigger', at, 'the notification URL property must be internal');
      if (!requiredAllTheWay || body.required !== true) add('webhook-trigger', at, 'the notification URL property must be required all the way up');
    });
  }
  if (urls === 0) add('webhook-trigger', op.where, 'no body property carries x-ms-notification-url');
  const location = successResponses(doc, op.operation).some(([, r]) => hasHeader(r, 'location'));
  if (!location) add('webhook-trigger', op.where, 'the subscription response must declare the Location header the platform deletes');
  if (!all.some((o) => o.method === 'delete' && removesSubscriptionOf(op.path, o.path))) {
    const base = op.path.replace(/\/[^/]+$/, '');
    add('webhook-trigger', op.where, `no DELETE ${base}/{id} or ${op.path}/{id} removes the subscription its Location names`);
  }
}

function hasHeader(response: Json, name: string): boolean {
  return Object.keys(obj(response.headers)).some((h) => h.toLowerCase() === name);
}

/**
 * The platform deletes the URL the subscription answered in Location; a DELETE at an unrelated path
 * (say DELETE /assets/{id}) does not make that URL exist. Subscriptions live either beside the
 * subscribe path (POST /webhooks/assets → DELETE /webhooks/{id}) or below it (POST /hooks → DELETE /hooks/{id}).
 */
function removesSubscriptionOf(subscribePath: string, deletePath: string): boolean {
  const sub = subscribePath.split('/').filter(Boolean);
  const del = deletePath.split('/').filter(Boolean);
  const last = del.at(-1) ?? '';
  if (!/^\{[^}]+\}$/.test(last)) return false;
  const prefix = del.slice(0, -1).join('/');
  return prefix === sub.join('/') || (sub.length > 0 && prefix === sub.slice(0, -1).join('/'));
}

function lintPageable(doc: Json, op: OperationView, add: Add): void {
  const pageable = op.operation['x-ms-pageable'];
  if (pageable === undefined) {
    // A list answering with a next-page link but not marked pageable gives makers its first page only.
    const schema = op.operation['x-ms-trigger'] === undefined ? successSchema(doc, op.operation) : undefined;
    const link = [...NEXT_LINK_NAMES].find((n) => schema && isObj(obj(resolveSchema(doc, schema).properties)[n]));
    if (link) add('pageable', op.where, `the response has "${link}" but the operation lacks x-ms-pageable`);
    return;
  }
  const name = str(obj(pageable).nextLinkName) ?? '';
  if (!NEXT_LINK_NAMES.has(name)) add('pageable', op.where, `nextLinkName "${name}" must be nextLink or @odata.nextLink`);
  const schema = successSchema(doc, op.operation);
  if (!schema || !schemaAtPath(doc, schema, name)) add('pageable', op.where, `the response has no root property "${name}"`);
}

function lintEnumValues(doc: Json, add: Add): void {
  const visit = (node: unknown, where: string): void => {
    if (Array.isArray(node)) node.forEach((n, i) => visit(n, `${where}[${i}]`));
    if (!isObj(node)) return;
    if (Array.isArray(node['x-ms-enum-values'])) {
      const declared = new Set((Array.isArray(node.enum) ? node.enum : []).map(String));
      const named = (node['x-ms-enum-values'] as unknown[]).map((v) => String(obj(v).value));
      if (named.some((v) => !declared.has(v)) || named.length !== declared.size) add('enum-values', where, 'x-ms-enum-values must name exactly the enum values');
    }
    for (const [k, v] of Object.entries(node)) visit(v, `${where}/${k}`);
  };
  visit(doc.paths, 'paths');
  visit(doc.definitions, 'definitions');
  visit(doc.parameters, 'parameters');
}

function lintTestConnection(doc: Json, ops: OperationView[], add: Add): void {
  const test = obj(obj(doc['x-ms-capabilities']).testConnection);
  if (!test.operationId) return;
  const op = ops.find((o) => o.operationId === test.operationId);
  if (!op) return add('test-connection', 'x-ms-capabilities', `testConnection names missing operation ${String(test.operationId)}`);
  if (op.method !== 'get') add('test-connection', op.where, 'testConnection must be a GET');
  if (op.parameters.some((p) => p.required === true && p.default === undefined && !(String(p.name) in obj(test.parameters)))) {
    add('test-connection', op.where, 'testConnection must not need parameters');
  }
}
