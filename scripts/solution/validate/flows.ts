/**
 * Checks of each cloud flow in a package: connection references and environment variables it uses
 * are defined, every expression parses and calls known functions with the right arity, references
 * between actions/variables/parameters resolve, custom-connector calls match the connector's
 * swagger (operation and parameter names), and Dataverse calls use logical names for triggers and
 * entity-set names for actions (solution-format.md §7, §11).
 */
import { calls, isExpressionValue, parseTemplate, templateExpressions, WdlSyntaxError, type Expr, type Template } from '../wdl.ts';
import { functionArityProblem } from '../wdl-functions.ts';
import { checkConnectorCall, type Swagger } from './swagger-ops.ts';
import { text, type Finding, type SolutionPackage } from './model.ts';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});

export const DATAVERSE_API = 'shared_commondataserviceforapps';
/** Tables the flows touch, logical name → entity set name (dataverse-webapi.md §7). */
export const KNOWN_TABLES: Readonly<Record<string, string>> = {
  msdyn_customerasset: 'msdyn_customerassets',
  msdyn_purchaseorder: 'msdyn_purchaseorders',
  salesorder: 'salesorders',
  account: 'accounts',
  contact: 'contacts',
  transactioncurrency: 'transactioncurrencies',
};
const ENTITY_SETS = new Set(Object.values(KNOWN_TABLES));
const DATAVERSE_ACTIONS_WITH_ENTITY = new Set(['ListRecords', 'GetItem', 'CreateRecord', 'UpdateRecord', 'UpdateOnlyRecord', 'DeleteRecord']);
const WRITES_COLUMNS = new Set(['CreateRecord', 'UpdateRecord', 'UpdateOnlyRecord']);

export interface FlowContext {
  /** Env var schema names available to the flows (this solution and its dependencies). */
  envVars: Map<string, string | undefined>;
  /** Custom connectors reachable from this package: API name → swagger. */
  connectorsByApiName: Map<string, Swagger>;
  /** Custom connectors reachable from this package: API name → the connector's Dataverse name. */
  connectorNames: Map<string, string>;
}

interface ActionInfo {
  name: string;
  type: string;
  body: Json;
  isTrigger: boolean;
}

export function checkFlows(pkg: SolutionPackage, ctx: FlowContext, findings: Finding[]): void {
  for (const w of pkg.workflows) {
    const entry = w.jsonFileName.replace(/^\//, '');
    if (!pkg.entries.has(entry)) continue;
    const where = `${pkg.file}:${entry}`;
    let flow: Json;
    try {
      flow = JSON.parse(text(pkg.entries, entry)) as Json;
    } catch (e) {
      findings.push({ rule: 'flow-json', where, message: `not valid JSON: ${(e as Error).message}` });
      continue;
    }
    checkFlow(flow, pkg, ctx, (rule, message) => findings.push({ rule, where, message }));
  }
}

export function checkFlow(flow: Json, pkg: SolutionPackage, ctx: FlowContext, add: (rule: string, message: string) => void): void {
  const props = obj(flow.properties);
  const def = obj(props.definition);
  const triggers = obj(def.triggers);
  if (Object.keys(triggers).length !== 1) add('flow-structure', `a cloud flow has exactly one trigger, found ${Object.keys(triggers).length}`);

  // Connection references: alias → API name, each bound to a reference defined in the solution.
  const aliases = new Map<string, string>();
  for (const [alias, ref] of Object.entries(obj(props.connectionReferences))) {
    const logical = String(obj(obj(ref).connection).connectionReferenceLogicalName ?? '');
    const apiName = String(obj(obj(ref).api).name ?? '');
    aliases.set(alias, apiName);
    const defined = pkg.connectionReferences.find((c) => c.logicalName === logical);
    if (!defined) add('connection-reference-undefined', `connection reference "${logical}" (alias ${alias}) is not defined in the solution`);
    else if (!defined.connectorId.endsWith(`/${apiName}`)) {
      add('connection-reference-api', `alias ${alias} names API ${apiName} but connection reference ${logical} is for ${defined.connectorId}`);
    } else if (defined.customConnectorId) {
      // A custom connector's API name differs per environment; import finds it by its Dataverse name.
      const logicalName = obj(obj(ref).api).logicalName;
      const expected = ctx.connectorNames.get(apiName);
      if (typeof logicalName !== 'string' || !logicalName) {
        add('connector-logical-name', `alias ${alias} names custom connector ${apiName} without api.logicalName; in an environment where the connector has another id the flow fails (WorkflowOperationInputsApiOperationNotFound)`);
      } else if (expected && logicalName !== expected) {
        add('connector-logical-name', `alias ${alias}: api.logicalName "${logicalName}" is not the connector's name "${expected}"`);
      }
    }
  }

  // Environment variables become definition parameters with metadata.schemaName.
  const params = obj(def.parameters);
  for (const [name, p] of Object.entries(params)) {
    const schemaName = obj(obj(p).metadata).schemaName;
    if (typeof schemaName !== 'string') continue;
    if (!ctx.envVars.has(schemaName)) add('environment-variable-undefined', `parameter "${name}" reads environment variable ${schemaName}, which no solution defines`);
    if (!name.endsWith(`(${schemaName})`)) add('environment-variable-name', `parameter "${name}" must be named "<display name> (${schemaName})"`);
  }

  const actions: ActionInfo[] = [];
  const foreachNames = new Set<string>();
  const variables = new Set<string>();
  const collect = (map: Json, isTrigger: boolean) => {
    const siblings = new Set(Object.keys(map));
    for (const [name, raw] of Object.entries(map)) {
      const a = obj(raw);
      const type = String(a.type ?? '');
      if (actions.some((x) => x.name === name)) add('flow-structure', `action name "${name}" is used twice`);
      actions.push({ name, type, body: a, isTrigger });
      if (type === 'Foreach') foreachNames.add(name);
      if (type === 'InitializeVariable') for (const v of (obj(a.inputs).variables as Json[] | undefined) ?? []) variables.add(String(v.name));
      for (const dep of Object.keys(obj(a.runAfter))) {
        if (!siblings.has(dep)) add('run-after', `"${name}" runs after "${dep}", which is not in the same scope`);
      }
      collect(obj(a.actions), false);
      collect(obj(obj(a.else).actions), false);
      for (const c of Object.values(obj(a.cases))) collect(obj(obj(c).actions), false);
      collect(obj(obj(a.default).actions), false);
    }
  };
  collect(triggers, true);
  collect(obj(def.actions), false);
  const actionNames = new Set(actions.map((a) => a.name));

  // Expressions anywhere in triggers and actions.
  const visit = (v: unknown, path: string) => {
    if (typeof v === 'string') checkExpression(v, path);
    else if (Array.isArray(v)) v.forEach((x, i) => visit(x, `${path}[${i}]`));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) if (k !== 'runAfter') visit(x, `${path}.${k}`);
  };
  const checkExpression = (value: string, path: string) => {
    let exprs: Expr[];
    try {
      exprs = templateExpressions(parseTemplate(value));
    } catch (e) {
      if (e instanceof WdlSyntaxError) return add('expression-syntax', `${path}: ${e.message}`);
      throw e;
    }
    for (const expr of exprs) {
      for (const source of parameterKeys(expr)) {
        add('dataverse-literal', `${path}: reads a column named by parameters('${source}'); write the column's name as a literal (generate the flow for the mapping)`);
      }
      for (const call of calls(expr)) {
        const problem = functionArityProblem(call.name, call.args.length);
        if (problem) add('expression-function', `${path}: ${problem}`);
        const arg = call.args[0];
        const literal = arg?.kind === 'literal' && typeof arg.value === 'string' ? arg.value : undefined;
        if (literal === undefined) continue;
        if (call.name === 'parameters' && !(literal in params)) add('parameter-undefined', `${path}: parameters('${literal}') is not declared`);
        if (call.name === 'variables' && !variables.has(literal)) add('variable-undefined', `${path}: variable '${literal}' is never initialized`);
        if (['outputs', 'body', 'actions', 'result'].includes(call.name) && !actionNames.has(literal)) {
          add('action-undefined', `${path}: ${call.name}('${literal}') names no action`);
        }
        if (call.name === 'items' && !foreachNames.has(literal)) add('action-undefined', `${path}: items('${literal}') names no Apply to each`);
      }
    }
  };
  visit(triggers, 'triggers');
  visit(def.actions, 'actions');

  checkResilience(actions, add);
  for (const t of actions.filter((a) => a.isTrigger && a.type === 'Recurrence')) {
    const r = obj(t.body.recurrence);
    if (typeof r.interval !== 'number' || typeof r.frequency !== 'string' || isExpressionValue(r.frequency)) {
      add('recurrence-literal', `trigger "${t.name}": recurrence frequency and interval are literals in every Power Automate export (interval is ${JSON.stringify(r.interval)})`);
    }
  }

  for (const a of actions) {
    if (a.type !== 'OpenApiConnection' && a.type !== 'OpenApiConnectionWebhook') continue;
    const inputs = obj(a.body.inputs);
    const host = obj(inputs.host);
    const alias = String(host.connectionName ?? '');
    const apiName = aliases.get(alias);
    const label = `${a.isTrigger ? 'trigger' : 'action'} "${a.name}"`;
    if (!apiName) {
      add('connection-undefined', `${label} uses connection "${alias}", which is not in connectionReferences`);
      continue;
    }
    if (host.apiId !== `/providers/Microsoft.PowerApps/apis/${apiName}`) add('connection-api', `${label}: apiId ${String(host.apiId)} is not the API of ${alias}`);
    const parameters = obj(inputs.parameters);
    const operationId = String(host.operationId ?? '');
    if (apiName === DATAVERSE_API) {
      checkDataverse(label, a.isTrigger, operationId, parameters, add);
      continue;
    }
    const swagger = ctx.connectorsByApiName.get(apiName);
    if (!swagger) {
      add('connector-unknown', `${label} calls API ${apiName}, which is neither Dataverse nor a connector in the packages validated`);
      continue;
    }
    for (const problem of checkConnectorCall(swagger, operationId, Object.keys(parameters), a.isTrigger)) {
      add(problem.rule, `${label}: ${problem.message}`);
    }
  }
}

/**
 * The project's rules for resilient flows: every connector call carries an explicit retry policy,
 * loops over connector calls have a bounded concurrency, and the work sits in a Try scope followed
 * by a Catch scope that runs when it fails.
 */
function checkResilience(actions: ActionInfo[], add: (rule: string, message: string) => void): void {
  for (const a of actions) {
    if (a.type === 'OpenApiConnection') {
      const policy = obj(obj(a.body.inputs).retryPolicy);
      if (!policy.type) add('retry-policy', `action "${a.name}" has no retryPolicy; the platform default hides what the flow does under throttling`);
    }
    if (a.type === 'Foreach') {
      const reps = obj(obj(obj(a.body.runtimeConfiguration).concurrency)).repetitions;
      if (typeof reps !== 'number' || reps < 1 || reps > 50) {
        add('foreach-concurrency', `Apply to each "${a.name}" needs runtimeConfiguration.concurrency.repetitions between 1 and 50`);
      }
    }
  }
  const scopes = actions.filter((a) => a.type === 'Scope');
  const hasCatch = scopes.some((c) =>
    Object.entries(obj(c.body.runAfter)).some(([dep, statuses]) => scopes.some((t) => t.name === dep) && (statuses as string[]).includes('Failed')),
  );
  if (!hasCatch) add('try-catch', 'the flow has no Catch scope running after a Try scope has Failed');
}

/** Every property key an expression reads by `parameters(…)` (`x?[parameters('Column')]`). */
function* parameterKeys(expr: Expr): Generator<string> {
  if (expr.kind === 'index') {
    const i = expr.index;
    if (i.kind === 'call' && i.name === 'parameters' && i.args[0]?.kind === 'literal') yield String(i.args[0].value);
    yield* parameterKeys(expr.target);
    yield* parameterKeys(expr.index);
  } else if (expr.kind === 'call') {
    for (const a of expr.args) yield* parameterKeys(a);
  }
}

/**
 * A table or column name as a literal. Real exports never name a Dataverse table or filtering
 * column by an expression (the designer cannot resolve an expression table's columns).
 */
function literalName(value: unknown, what: string, label: string, add: (r: string, m: string) => void): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  if (isExpressionValue(value)) {
    add('dataverse-literal', `${label}: ${what} is the expression ${JSON.stringify(value)}; write the table or column name as a literal (generate the flow for the mapping)`);
    return undefined;
  }
  return value;
}

function checkDataverse(label: string, isTrigger: boolean, operationId: string, parameters: Json, add: (r: string, m: string) => void): void {
  if (isTrigger) {
    if (operationId !== 'SubscribeWebhookTrigger') return add('dataverse-operation', `${label}: unexpected Dataverse trigger ${operationId}`);
    literalName(parameters['subscriptionRequest/filteringattributes'], 'subscriptionRequest/filteringattributes', label, add);
    const entity = literalName(parameters['subscriptionRequest/entityname'], 'subscriptionRequest/entityname', label, add);
    if (!entity) return add('dataverse-trigger-entity', `${label}: subscriptionRequest/entityname is missing or not a literal`);
    const isKnownLogical = entity in KNOWN_TABLES;
    if (!isKnownLogical && (ENTITY_SETS.has(entity) || entity.endsWith('s'))) {
      add('dataverse-trigger-entity', `${label}: "${entity}" looks like an entity set name; triggers take the table's logical (singular) name`);
    }
    const message = parameters['subscriptionRequest/message'];
    if (![1, 2, 3, 4, 5, 6, 7].includes(message as number)) add('dataverse-trigger', `${label}: subscriptionRequest/message must be 1–7`);
    const scope = parameters['subscriptionRequest/scope'];
    if (![1, 2, 3, 4].includes(scope as number)) add('dataverse-trigger', `${label}: subscriptionRequest/scope must be 1–4`);
    return;
  }
  if (!DATAVERSE_ACTIONS_WITH_ENTITY.has(operationId)) return add('dataverse-operation', `${label}: unknown Dataverse action ${operationId}`);
  const entity = literalName(parameters.entityName, 'entityName', label, add);
  if (!entity) return add('dataverse-action-entity', `${label}: entityName is missing or not a literal`);
  const recordId = parameters.recordId;
  // A whole row id from an environment variable is a value (the vendor account); a parameter inside a key is a column name.
  const wholeParameter = typeof recordId === 'string' && /^@\{?parameters\('[^']*'\)\}?$/.test(recordId);
  if (typeof recordId === 'string' && !wholeParameter && [...templateExpressions(parseTemplate(recordId))].some((e) => [...calls(e)].some((c) => c.name === 'parameters'))) {
    add('dataverse-literal', `${label}: recordId ${JSON.stringify(recordId)} takes part of its key from parameters(); the key column is a literal`);
  }
  if (entity in KNOWN_TABLES || (!ENTITY_SETS.has(entity) && !entity.endsWith('s'))) {
    add('dataverse-action-entity', `${label}: "${entity}" looks like a logical name; actions take the entity set (plural) name${entity in KNOWN_TABLES ? `, here ${KNOWN_TABLES[entity]}` : ''}`);
  }
  if (operationId !== 'ListRecords' && operationId !== 'CreateRecord' && parameters.recordId === undefined) {
    add('dataverse-action', `${label}: ${operationId} needs recordId`);
  }
  for (const key of Object.keys(parameters)) {
    if (key === 'item' && WRITES_COLUMNS.has(operationId)) {
      // Every platform export and the connector's own form pass columns one by one; a whole-row
      // `item` is not what the designer writes (solution-format.md §7.4).
      add('dataverse-item', `${label}: ${operationId} takes its columns as item/<logical name> parameters, one per column, not one "item" object`);
    } else if (/^item\/_[a-z0-9_]+_value$/.test(key)) {
      add('dataverse-bind', `${label}: ${key} is the read-only form of a lookup; write it as item/<navigation property>@odata.bind`);
    } else if (/^item\/[A-Za-z_][A-Za-z0-9_]*@odata\.bind$/.test(key) && WRITES_COLUMNS.has(operationId)) {
      checkBind(label, key, parameters[key], add);
    } else if (!/^(entityName|recordId|item\/[a-z_][a-z0-9_]*|\$select|\$filter|\$orderby|\$expand|\$top|fetchXml|\$skiptoken|partitionId)$/.test(key)) {
      add('dataverse-parameter', `${label}: "${key}" is not a Dataverse action parameter (columns go as item/<logical name>, lookups as item/<navigation property>@odata.bind)`);
    }
  }
  if (WRITES_COLUMNS.has(operationId) && !Object.keys(parameters).some((k) => k.startsWith('item/'))) {
    add('dataverse-item', `${label}: ${operationId} writes no column (no item/<logical name> parameter)`);
  }
}

/**
 * The shape of a lookup bind's value: `<entity set>(<id>)`, with or without a leading slash, the
 * id spliced in (`accounts(@{…})`, as coe-starter-kit's exports write it) or the whole value built
 * by concat('/accounts(', …, ')'). Literal text stands in for each expression as `x`.
 */
function bindShape(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  let t: Template;
  try {
    t = parseTemplate(value);
  } catch {
    return undefined; // reported as expression-syntax
  }
  if (t.kind === 'text') return t.value;
  if (t.kind === 'interpolation') return t.parts.map((p) => (typeof p === 'string' ? p : 'x')).join('');
  const e = t.expr;
  if (e.kind === 'call' && e.name === 'concat') return e.args.map((a) => (a.kind === 'literal' && typeof a.value === 'string' ? a.value : 'x')).join('');
  return undefined;
}

/**
 * A lookup written as `item/<navigation property>@odata.bind` (navigation properties keep their
 * schema name's case: admin_SolutionEnvironment). Its value must point into an entity set; the
 * read-only `_<column>_value` form and a bare id are what Dataverse refuses.
 */
function checkBind(label: string, key: string, value: unknown, add: (r: string, m: string) => void): void {
  const shape = bindShape(value);
  const m = shape === undefined ? null : /^\/?([a-z_][a-z0-9_]*)\(x\)$/.exec(shape);
  if (!m) {
    add('dataverse-bind', `${label}: ${key} is ${JSON.stringify(value)}; a lookup binds <entity set>(<id>), e.g. accounts(@{…}) or concat('/accounts(', …, ')')`);
  } else if (m[1]! in KNOWN_TABLES || (!ENTITY_SETS.has(m[1]!) && !m[1]!.endsWith('s'))) {
    add('dataverse-bind', `${label}: ${key} binds into "${m[1]}", which looks like a logical name; a bind names the entity set (plural)${m[1]! in KNOWN_TABLES ? `, here ${KNOWN_TABLES[m[1]!]}` : ''}`);
  }
}
