/**
 * Loads the four flows and the connector swagger from the packed solutions (what ships, not the
 * sources) and runs them against the real API in process and the Dataverse stand-in. Triggers:
 * Recurrence runs on demand; the CMMS webhook trigger subscribes through the connector with a
 * callback URL on a local receiver; the Dataverse trigger subscribes to the gateway. Trigger events
 * queue up and `settle()` runs them until none are left (bounded, so a flow echo loop shows up as
 * a failure instead of a hang).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { Express } from 'express';
import type { MappingChoice } from '../../../scripts/solution/mapping-source.ts';
import { buildSolutions } from '../../../scripts/solution/pack-lib.ts';
type Swagger = Record<string, unknown>;
import type { DataverseStandin } from '../../../scripts/dataverse-standin/index.ts';
import { appTransport, customConnector, dataverseConnector, type CustomConnector } from './connectors.ts';
import { DataverseGateway, type RowEvent } from './dataverse-gateway.ts';
import { parameterValue, runDefinition, triggerConditionsHold, type RunResult } from './engine.ts';
import { resolveValue } from './expressions.ts';
import { importFlow, type TargetEnvironment } from './import.ts';

type Json = Record<string, unknown>;
const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const DATAVERSE_API = 'shared_commondataserviceforapps';

export const FLOWS = {
  assetsScheduled: 'Assets to Dynamics (scheduled)',
  purchaseOrdersScheduled: 'Purchase orders to Dynamics (scheduled)',
  assetsRealTime: 'Assets to Dynamics (real time)',
  statusToCmms: 'Purchase order status to CMMS',
  assetFinance: 'Asset finance from Dynamics',
} as const;
export type FlowName = (typeof FLOWS)[keyof typeof FLOWS];

export interface PackedFlows {
  flows: Map<string, Json>;
  swagger: Swagger;
  /** The connector's API name as the packed flows write it (the source environment's id). */
  connectorApiName: string;
  /** The connector's Dataverse name, which import resolves references by. */
  connectorLogicalName: string;
}

export interface PackChoice {
  mapping?: MappingChoice | undefined;
  /** The paconn package to pack (default connector/). */
  connectorDir?: string | undefined;
  intervalMinutes?: number | undefined;
}

/** The flows and connector as the packed zips carry them. */
export function loadPackedFlows(choice: PackChoice = {}): PackedFlows {
  const built = buildSolutions({ root: ROOT, connectorDir: choice.connectorDir, mapping: choice.mapping, intervalMinutes: choice.intervalMinutes }, true);
  const connector = built.find((b) => b.uniqueName === 'EnergyCmmsConnector');
  const sync = built.find((b) => b.uniqueName === 'EnergyCmmsSync');
  const dec = new TextDecoder();
  const customizations = dec.decode(sync!.entries.get('customizations.xml'));
  const flows = new Map<string, Json>();
  for (const m of customizations.matchAll(/<Workflow WorkflowId="[^"]+" Name="([^"]+)">\s*<JsonFileName>\/([^<]+)<\/JsonFileName>/g)) {
    flows.set(m[1]!, JSON.parse(dec.decode(sync!.entries.get(m[2]!))) as Json);
  }
  const connectorXml = dec.decode(connector!.entries.get('customizations.xml'));
  const swaggerEntry = [...connector!.entries.keys()].find((n) => n.endsWith('_openapidefinition.json'))!;
  const apiName = /apis\/(shared_[^<]+)<\/connectorid>\s*<customconnectorid>/.exec(customizations)?.[1];
  const logicalName = /<Connector[\s>][\s\S]*?<name>([^<]+)<\/name>/.exec(connectorXml)?.[1];
  if (!apiName || !logicalName) throw new Error('the packed solutions have no custom connector with a connection reference');
  return {
    flows,
    swagger: JSON.parse(dec.decode(connector!.entries.get(swaggerEntry))) as Swagger,
    connectorApiName: apiName,
    connectorLogicalName: logicalName,
  };
}

export interface HarnessOptions {
  app: Express;
  standin: DataverseStandin;
  /** Environment variable values by schema name. */
  environment: Record<string, string>;
  /** The Dataverse user the flows' connection belongs to. */
  integrationUserId: string;
  /** Retry waits are multiplied by this before sleeping. */
  timeScale?: number;
  /** Runs allowed in one `settle()` before it gives up and reports a loop. */
  maxRunsPerSettle?: number;
  /** What to pack: the mapping the flows are generated for, the connector package. */
  pack?: PackChoice;
  /**
   * The internal id (`shared_…`) the target environment gave the custom connector; by default one
   * that differs from the packed flows', as in any environment but the one the sources came from.
   */
  connectorInternalId?: string;
}

/** An environment the sources were not made in: the same connector got another id there. */
export const OTHER_ENVIRONMENT_CONNECTOR_ID = 'shared_cmms-5fenergycmms-5f0e1d2c3b4a5968';

export interface FlowRun {
  flow: string;
  result: RunResult;
}

export class FlowHarness {
  readonly packed: PackedFlows;
  readonly gateway: DataverseGateway;
  readonly cmms: CustomConnector;
  readonly runs: FlowRun[] = [];
  /** Trigger firings the trigger conditions turned away. */
  readonly suppressed: { flow: string; event: unknown }[] = [];
  readonly #options: HarnessOptions;
  readonly #queue: { flow: string; triggerOutputs: unknown }[] = [];
  #receiver: Server | undefined;

  constructor(options: HarnessOptions) {
    this.#options = options;
    this.packed = loadPackedFlows(options.pack);
    this.connectorInternalId = options.connectorInternalId ?? OTHER_ENVIRONMENT_CONNECTOR_ID;
    const environment: TargetEnvironment = {
      customConnectors: { [this.packed.connectorLogicalName]: this.connectorInternalId },
      standardApis: [DATAVERSE_API],
    };
    for (const [name, flow] of this.packed.flows) this.imported.set(name, importFlow(flow, environment));
    this.gateway = new DataverseGateway(options.standin);
    this.cmms = customConnector(this.packed.swagger, appTransport(options.app));
  }

  /** The connector's id in the environment the flows were imported into. */
  readonly connectorInternalId: string;
  /** The flows as import left them in the target environment. */
  readonly imported = new Map<string, Json>();

  flow(name: FlowName): Json {
    const f = this.imported.get(name);
    if (!f) throw new Error(`the packed solution has no flow "${name}"`);
    return f;
  }

  #trigger(name: FlowName): Json {
    const triggers = ((this.flow(name).properties as Json).definition as Json).triggers as Json;
    return Object.values(triggers)[0] as Json;
  }

  /** A trigger input evaluated with the environment (e.g. the Dataverse table name). */
  #triggerParameter(name: FlowName, key: string): unknown {
    const value = (((this.#trigger(name).inputs as Json).parameters as Json) ?? {})[key];
    return this.#evaluate(name, value);
  }

  /** A trigger setting evaluated with the environment (no run context exists yet). */
  #evaluate(name: FlowName, value: unknown): unknown {
    const flow = this.flow(name);
    return resolveValue(value, {
      parameter: (p) => parameterValue(flow, p, this.#options.environment),
      variable: () => undefined,
      triggerOutputs: () => undefined,
      outputs: () => undefined,
      item: () => undefined,
    });
  }

  async run(name: FlowName, triggerOutputs: unknown = {}): Promise<RunResult> {
    const result = await runDefinition(this.flow(name), {
      environment: this.#options.environment,
      connectors: {
        [this.connectorInternalId]: this.cmms,
        [DATAVERSE_API]: dataverseConnector(this.gateway, this.#options.integrationUserId),
      },
      triggerOutputs,
      timeScale: this.#options.timeScale ?? 0.001,
    });
    this.runs.push({ flow: name, result });
    return result;
  }

  /** The Recurrence trigger firing once; returns the interval it is set to, in minutes, as well. */
  async runScheduled(name: FlowName): Promise<RunResult & { intervalMinutes: unknown }> {
    const trigger = this.#trigger(name);
    if (trigger.type !== 'Recurrence') throw new Error(`${name} is not a scheduled flow`);
    const interval = this.#evaluate(name, (trigger.recurrence as Json).interval);
    return { ...(await this.run(name)), intervalMinutes: interval };
  }

  /** Turns on the Dataverse "row modified" trigger of the status flow. */
  enableDataverseTrigger(name: FlowName = FLOWS.statusToCmms): () => void {
    const trigger = this.#trigger(name);
    const params = (trigger.inputs as Json).parameters as Json;
    const table = String(this.#triggerParameter(name, 'subscriptionRequest/entityname'));
    const filtering = String(this.#triggerParameter(name, 'subscriptionRequest/filteringattributes') ?? '');
    return this.gateway.subscribe({
      table,
      message: Number(params['subscriptionRequest/message']),
      filteringAttributes: filtering.split(',').map((s) => s.trim()).filter(Boolean),
      deliver: (event: RowEvent) => this.#fire(name, { statusCode: 200, headers: {}, body: event.row }),
    });
  }

  /** Subscribes the webhook trigger through the connector, with a callback on a local receiver. */
  async enableWebhookTrigger(name: FlowName = FLOWS.assetsRealTime): Promise<{ location: string | undefined }> {
    const trigger = this.#trigger(name);
    const inputs = trigger.inputs as Json;
    if (!this.#receiver) {
      this.#receiver = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const flow = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname.split('/')[2] ?? '') as FlowName;
          const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
          this.#fire(flow, { headers, body: text ? JSON.parse(text) : undefined });
          res.writeHead(202).end();
        });
      });
      await new Promise<void>((r) => this.#receiver!.listen(0, '127.0.0.1', r));
    }
    const port = (this.#receiver.address() as AddressInfo).port;
    const callback = `http://127.0.0.1:${port}/hooks/${encodeURIComponent(name)}`;
    const host = inputs.host as Json;
    const out = await this.cmms.subscribe(String(host.operationId), (inputs.parameters ?? {}) as Record<string, unknown>, callback);
    if (out.statusCode !== 201) throw new Error(`subscribing ${name} answered ${out.statusCode}: ${JSON.stringify(out.body)}`);
    return { location: out.headers.location };
  }

  #fire(flow: FlowName, triggerOutputs: unknown): void {
    const trigger = this.#trigger(flow);
    if (!triggerConditionsHold(trigger, this.flow(flow), { environment: this.#options.environment, triggerOutputs })) {
      this.suppressed.push({ flow, event: triggerOutputs });
      return;
    }
    this.#queue.push({ flow, triggerOutputs });
  }

  get queued(): number {
    return this.#queue.length;
  }

  /** Runs queued trigger events (and the events those runs raise) until none are left. */
  async settle(): Promise<FlowRun[]> {
    const done: FlowRun[] = [];
    const max = this.#options.maxRunsPerSettle ?? 50;
    while (this.#queue.length) {
      if (done.length >= max) throw new Error(`more than ${max} triggered runs without settling: the flows loop on their own echo`);
      const next = this.#queue.shift()!;
      const result = await this.run(next.flow as FlowName, next.triggerOutputs);
      done.push({ flow: next.flow, result });
    }
    return done;
  }

  async close(): Promise<void> {
    const r = this.#receiver;
    if (r) await new Promise<void>((res) => r.close(() => res()));
  }
}
