/**
 * Dropdowns and dynamic schemas (x-ms-dynamic-values / -list / -schema / -properties) must call an
 * operation that exists, is internal, gets every parameter it needs, and produces the array and
 * fields the extension names; otherwise the designer shows an empty or failing dropdown.
 */
import { isObj, obj, str, type Json } from './json.ts';
import { arrayItems, resolveSchema, schemaAtPath, successSchema, walkSchema, type Finding, type OperationView } from './lint-walk.ts';

const KINDS = ['x-ms-dynamic-values', 'x-ms-dynamic-list', 'x-ms-dynamic-schema', 'x-ms-dynamic-properties'] as const;
type Kind = (typeof KINDS)[number];

interface Use {
  readonly kind: Kind;
  readonly ext: Json;
  readonly where: string;
  readonly owner: OperationView;
}

export function lintDynamic(doc: Json, ops: OperationView[]): Finding[] {
  const findings: Finding[] = [];
  const add = (where: string, message: string) => findings.push({ rule: 'dynamic-reference', where: `apiDefinition: ${where}`, message });
  for (const use of collectUses(doc, ops)) {
    const target = ops.find((o) => o.operationId === use.ext.operationId);
    const label = `${use.where} ${use.kind}`;
    if (!target) {
      add(label, `calls operation "${String(use.ext.operationId)}", which does not exist`);
      continue;
    }
    if (target.operation['x-ms-visibility'] !== 'internal') add(label, `calls ${target.operationId}, which is not internal`);
    checkParameters(use, target, label, add);
    checkOutputs(doc, use, target, label, add);
  }
  return findings;
}

function collectUses(doc: Json, ops: OperationView[]): Use[] {
  const uses: Use[] = [];
  const take = (node: Json, where: string, owner: OperationView) => {
    for (const kind of KINDS) if (isObj(node[kind])) uses.push({ kind, ext: node[kind] as Json, where, owner });
  };
  for (const op of ops) {
    for (const p of op.parameters) {
      const at = `${op.where} parameter ${String(p.name)}`;
      take(p, at, op);
      if (p.in === 'body') walkSchema(doc, p.schema, (node, trail, _req, raw) => {
        take(raw, `${at}/${trail.join('/')}`, op);
        take(node, `${at}/${trail.join('/')}`, op);
      });
    }
    const response = successSchema(doc, op.operation);
    if (response) take(response, `${op.where} response`, op);
    const notification = obj(op.pathItem['x-ms-notification-content']).schema;
    if (isObj(notification)) take(resolveSchema(doc, notification), `${op.where} x-ms-notification-content`, op);
  }
  // One finding per place even when a raw node and its resolved view both carry the extension.
  const seen = new Set<string>();
  return uses.filter((u) => {
    const key = `${u.where}|${u.kind}|${JSON.stringify(u.ext)}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

function parameterNames(op: OperationView): Set<string> {
  return new Set(op.parameters.map((p) => String(p.name)));
}

/** `name` or `body/field` refers to something the operation actually takes. */
function refersToParameter(op: OperationView, reference: string): boolean {
  const [head] = reference.split('/');
  return parameterNames(op).has(reference) || (head !== undefined && op.parameters.some((p) => p.in === 'body' && p.name === head));
}

function checkParameters(use: Use, target: OperationView, label: string, add: (w: string, m: string) => void): void {
  const given = obj(use.ext.parameters);
  for (const [name, value] of Object.entries(given)) {
    if (!refersToParameter(target, name)) add(label, `passes "${name}", which ${target.operationId} does not take`);
    const source = isObj(value) ? str(value.parameter) ?? str(value.parameterReference) : undefined;
    if (source !== undefined && !refersToParameter(use.owner, source)) {
      add(label, `reads "${source}", which ${use.owner.operationId} does not have`);
    }
  }
  for (const p of target.parameters) {
    if (p.required === true && p.default === undefined && !(String(p.name) in given)) {
      add(label, `does not pass ${target.operationId}'s required parameter "${String(p.name)}"`);
    }
  }
}

function checkOutputs(doc: Json, use: Use, target: OperationView, label: string, add: (w: string, m: string) => void): void {
  const schema = successSchema(doc, target.operation);
  if (!schema) return add(label, `${target.operationId} declares no response schema to read from`);
  if (use.kind === 'x-ms-dynamic-values' || use.kind === 'x-ms-dynamic-list') {
    const collection = str(use.ext[use.kind === 'x-ms-dynamic-values' ? 'value-collection' : 'itemsPath']) ?? '';
    const items = arrayItems(doc, schemaAtPath(doc, schema, collection));
    if (!items) return add(label, `${target.operationId} produces no array at "${collection || '(root)'}"`);
    const fields = use.kind === 'x-ms-dynamic-values'
      ? [use.ext['value-path'], use.ext['value-title']]
      : [use.ext.itemValuePath, use.ext.itemTitlePath];
    for (const field of fields) {
      if (typeof field === 'string' && isObj(items.properties) && !schemaAtPath(doc, items, field)) {
        add(label, `${target.operationId}'s items have no "${field}"`);
      }
    }
    return;
  }
  const path = str(use.ext[use.kind === 'x-ms-dynamic-schema' ? 'value-path' : 'itemValuePath']);
  if (path && isObj(schema.properties) && !schemaAtPath(doc, schema, path)) {
    add(label, `${target.operationId}'s response has no "${path}"`);
  }
}
