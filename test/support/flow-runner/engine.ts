/**
 * Runs one cloud-flow definition the way the Logic Apps engine does, for the action types our
 * flows use: Scope, If, Foreach (bounded concurrency), Until, variables, Compose, Terminate and
 * OpenApiConnection (through injected connector implementations), with runAfter, retry policies
 * (honouring Retry-After) and the "unhandled failure fails the container" rule.
 */
import { evaluateCondition, resolveValue, type EvalScope } from './expressions.ts';

export type Status = 'Succeeded' | 'Failed' | 'Skipped' | 'TimedOut';

export interface HttpOutputs {
  statusCode: number;
  headers: Record<string, string>;
  body: unknown;
}

export interface ConnectorImpl {
  call(operationId: string, parameters: Record<string, unknown>): Promise<HttpOutputs>;
}

export interface RunOptions {
  /** Environment variable values by schema name; missing ones fall back to the definition's default. */
  environment?: Record<string, string>;
  /** Connector implementations by API name (`shared_…`). */
  connectors: Record<string, ConnectorImpl>;
  triggerOutputs: unknown;
  /** Real sleeping is scaled down so retry waits of seconds take milliseconds in tests. */
  timeScale?: number;
}

export interface ActionLog {
  name: string;
  status: Status;
  attempts: number;
  error?: { code: string; message: string } | undefined;
}

export interface RunResult {
  status: 'Succeeded' | 'Failed' | 'Cancelled';
  error?: { code: string; message: string } | undefined;
  log: ActionLog[];
  /** Retries made by retry policies, and the time they waited before scaling (ms). */
  retries: number;
  waitedMs: number;
}

type Json = Record<string, unknown>;
interface Result {
  status: Status;
  outputs?: unknown;
  error?: { code: string; message: string } | undefined;
}
interface Frame {
  results: Map<string, Result>;
  parent: Frame | undefined;
  items: Map<string, unknown>;
}

class Terminated extends Error {
  readonly runStatus: RunResult['status'];
  readonly runError: { code: string; message: string } | undefined;
  constructor(runStatus: RunResult['status'], runError: { code: string; message: string } | undefined) {
    super('terminated');
    this.runStatus = runStatus;
    this.runError = runError;
  }
}

const RETRYABLE = (status: number) => status === 408 || status === 429 || status >= 500;

export function isoDurationMs(value: unknown, fallback: number): number {
  const m = /^P(?:(\d+)D)?T?(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?$/.exec(String(value ?? ''));
  if (!m) return fallback;
  return ((Number(m[1] ?? 0) * 24 + Number(m[2] ?? 0)) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0)) * 1000;
}

export async function runDefinition(flow: Json, options: RunOptions): Promise<RunResult> {
  const def = ((flow.properties as Json)?.definition ?? {}) as Json;
  const paramDefs = (def.parameters ?? {}) as Record<string, Json>;
  const variables = new Map<string, unknown>();
  const latest = new Map<string, Result>();
  const log: ActionLog[] = [];
  const stats = { retries: 0, waitedMs: 0 };
  const scale = options.timeScale ?? 0.001;
  const sleep = (ms: number) => {
    stats.waitedMs += ms;
    return new Promise<void>((r) => setTimeout(r, Math.max(0, Math.round(ms * scale))));
  };

  const parameter = (name: string): unknown => parameterValue(flow, name, options.environment);

  const scopeFor = (frame: Frame): EvalScope => ({
    parameter,
    variable: (n) => {
      if (!variables.has(n)) throw new Error(`variable '${n}' is not initialized`);
      return variables.get(n);
    },
    triggerOutputs: () => options.triggerOutputs,
    outputs: (n) => {
      for (let f: Frame | undefined = frame; f; f = f.parent) if (f.results.has(n)) return f.results.get(n)!.outputs ?? null;
      return latest.get(n)?.outputs ?? null;
    },
    item: (loop) => {
      for (let f: Frame | undefined = frame; f; f = f.parent) {
        if (loop === undefined && f.items.size) return [...f.items.values()].at(-1);
        if (loop !== undefined && f.items.has(loop)) return f.items.get(loop);
      }
      throw new Error(`items('${loop}') used outside that Apply to each`);
    },
  });

  async function callWithRetry(inputs: Json, scope: EvalScope): Promise<{ result: Result; attempts: number }> {
    const host = (inputs.host ?? {}) as Json;
    const apiName = String(host.apiId ?? '').split('/').at(-1) ?? '';
    const connector = options.connectors[apiName];
    if (!connector) throw new Error(`no connector implementation for ${apiName}`);
    const parameters = resolveValue(inputs.parameters ?? {}, scope) as Record<string, unknown>;
    const policy = (inputs.retryPolicy ?? { type: 'exponential', count: 4, interval: 'PT7S' }) as Json;
    const count = policy.type === 'none' ? 0 : Number(policy.count ?? 4);
    const interval = isoDurationMs(policy.interval, 7000);
    const min = isoDurationMs(policy.minimumInterval, 5000);
    const max = isoDurationMs(policy.maximumInterval, 3_600_000);
    let attempts = 0;
    for (;;) {
      attempts++;
      let out: HttpOutputs;
      try {
        out = await connector.call(String(host.operationId), parameters);
      } catch (e) {
        out = { statusCode: 502, headers: {}, body: { error: { code: 'ConnectionFailed', message: (e as Error).message } } };
      }
      if (out.statusCode < 400) return { result: { status: 'Succeeded', outputs: out }, attempts };
      if (!RETRYABLE(out.statusCode) || attempts > count) {
        const body = (out.body ?? {}) as Json;
        const message = String(((body.error as Json | undefined)?.message ?? body.detail ?? body.title ?? `HTTP ${out.statusCode}`) as string);
        return { result: { status: 'Failed', outputs: out, error: { code: String(out.statusCode), message } }, attempts };
      }
      stats.retries++;
      const exp = policy.type === 'fixed' ? interval : Math.min(max, Math.max(min, interval * 2 ** (attempts - 1)));
      const retryAfter = Number(out.headers['retry-after']);
      await sleep(Number.isFinite(retryAfter) ? Math.max(exp, retryAfter * 1000) : exp);
    }
  }

  async function runAction(name: string, a: Json, frame: Frame): Promise<Result> {
    const scope = scopeFor(frame);
    const type = String(a.type);
    const inputs = (a.inputs ?? {}) as Json;
    let attempts = 1;
    let result: Result;
    switch (type) {
      case 'InitializeVariable':
        for (const v of (inputs.variables ?? []) as Json[]) variables.set(String(v.name), resolveValue(v.value, scope));
        result = { status: 'Succeeded' };
        break;
      case 'SetVariable':
        variables.set(String(inputs.name), resolveValue(inputs.value, scope));
        result = { status: 'Succeeded' };
        break;
      case 'AppendToArrayVariable': {
        const arr = variables.get(String(inputs.name));
        if (!Array.isArray(arr)) throw new Error(`variable '${String(inputs.name)}' is not an array`);
        arr.push(resolveValue(inputs.value, scope));
        result = { status: 'Succeeded' };
        break;
      }
      case 'IncrementVariable':
        variables.set(String(inputs.name), Number(variables.get(String(inputs.name))) + Number(resolveValue(inputs.value ?? 1, scope)));
        result = { status: 'Succeeded' };
        break;
      case 'Compose':
        result = { status: 'Succeeded', outputs: resolveValue(a.inputs, scope) };
        break;
      case 'Terminate': {
        const runError = inputs.runError ? (resolveValue(inputs.runError, scope) as { code: string; message: string }) : undefined;
        log.push({ name, status: 'Succeeded', attempts: 1, error: runError });
        throw new Terminated(inputs.runStatus as RunResult['status'], runError);
      }
      case 'OpenApiConnection': {
        const r = await callWithRetry(inputs, scope);
        attempts = r.attempts;
        result = r.result;
        break;
      }
      case 'Scope':
        result = { status: await runContainer((a.actions ?? {}) as Json, child(frame)) };
        break;
      case 'If': {
        const branch = evaluateCondition(a.expression, scope) ? a.actions : (a.else as Json | undefined)?.actions;
        result = { status: await runContainer((branch ?? {}) as Json, child(frame)) };
        break;
      }
      case 'Foreach':
        result = { status: await runForeach(name, a, frame) };
        break;
      case 'Until':
        result = { status: await runUntil(a, frame) };
        break;
      default:
        throw new Error(`the flow runner does not implement action type ${type} (${name})`);
    }
    log.push({ name, status: result.status, attempts, error: result.error });
    return result;
  }

  const child = (parent: Frame): Frame => ({ results: new Map(), parent, items: new Map() });

  async function runForeach(name: string, a: Json, frame: Frame): Promise<Status> {
    const list = resolveValue(a.foreach, scopeFor(frame));
    if (!Array.isArray(list)) throw new Error(`${name}: foreach value is not an array`);
    const limit = Number(((a.runtimeConfiguration as Json | undefined)?.concurrency as Json | undefined)?.repetitions ?? 20);
    let failed = false;
    let next = 0;
    const worker = async () => {
      while (next < list.length) {
        const f = child(frame);
        f.items.set(name, list[next++]);
        if ((await runContainer((a.actions ?? {}) as Json, f)) === 'Failed') failed = true;
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, list.length)) }, worker));
    return failed ? 'Failed' : 'Succeeded';
  }

  async function runUntil(a: Json, frame: Frame): Promise<Status> {
    const max = Number((a.limit as Json | undefined)?.count ?? 60);
    for (let i = 0; i < max; i++) {
      const f = child(frame);
      if ((await runContainer((a.actions ?? {}) as Json, f)) === 'Failed') return 'Failed';
      if (evaluateCondition(a.expression, scopeFor(f))) return 'Succeeded';
    }
    return 'Succeeded';
  }

  async function runContainer(actions: Json, frame: Frame): Promise<Status> {
    const names = Object.keys(actions);
    const pending = new Set(names);
    while (pending.size) {
      const ready = [...pending].find((n) => Object.keys(((actions[n] as Json).runAfter ?? {}) as Json).every((d) => frame.results.has(d)));
      if (!ready) throw new Error(`runAfter cycle or unknown dependency among ${[...pending].join(', ')}`);
      pending.delete(ready);
      const a = actions[ready] as Json;
      const after = (a.runAfter ?? {}) as Record<string, string[]>;
      const go = Object.entries(after).every(([d, allowed]) => allowed.includes(frame.results.get(d)!.status));
      const result: Result = go ? await runAction(ready, a, frame) : { status: 'Skipped' };
      if (!go) log.push({ name: ready, status: 'Skipped', attempts: 0 });
      frame.results.set(ready, result);
      latest.set(ready, result);
    }
    // A failure counts against the container unless some action ran because of it (it was handled).
    for (const n of names) {
      const s = frame.results.get(n)!.status;
      if (s !== 'Failed' && s !== 'TimedOut') continue;
      const handled = names.some((m) => n in (((actions[m] as Json).runAfter ?? {}) as Json) && frame.results.get(m)!.status !== 'Skipped');
      if (!handled) return 'Failed';
    }
    return 'Succeeded';
  }

  const root: Frame = { results: new Map(), parent: undefined, items: new Map() };
  try {
    const status = await runContainer((def.actions ?? {}) as Json, root);
    return {
      status: status === 'Failed' ? 'Failed' : 'Succeeded',
      error: status === 'Failed' ? { code: 'ActionFailed', message: 'An action failed. No dependent actions succeeded.' } : undefined,
      log,
      ...stats,
    };
  } catch (e) {
    if (e instanceof Terminated) return { status: e.runStatus, error: e.runError, log, ...stats };
    throw e;
  }
}

/**
 * A definition parameter's value: the environment variable's current value when the parameter
 * stands for one (metadata.schemaName), else its default; typed as declared.
 */
export function parameterValue(flow: Json, name: string, environment: Record<string, string> = {}): unknown {
  const def = ((flow.properties as Json)?.definition ?? {}) as Json;
  const p = ((def.parameters ?? {}) as Record<string, Json>)[name];
  if (!p) throw new Error(`parameter '${name}' is not declared`);
  const schemaName = (p.metadata as Json | undefined)?.schemaName;
  const raw = typeof schemaName === 'string' && environment[schemaName] !== undefined ? environment[schemaName] : p.defaultValue;
  if (p.type === 'Int' && raw !== undefined && raw !== '') return Number(raw);
  if (p.type === 'Bool' && typeof raw === 'string') return raw === 'true';
  return raw;
}

/** Trigger conditions (`conditions: [{expression}]`): the run starts only when all hold. */
export function triggerConditionsHold(trigger: Json, flow: Json, options: Omit<RunOptions, 'connectors'>): boolean {
  const conditions = (trigger.conditions ?? []) as Json[];
  if (!conditions.length) return true;
  const scope: EvalScope = {
    parameter: (name) => parameterValue(flow, name, options.environment),
    variable: () => undefined,
    triggerOutputs: () => options.triggerOutputs,
    outputs: () => null,
    item: () => null,
  };
  return conditions.every((c) => evaluateCondition(c.expression, scope));
}
