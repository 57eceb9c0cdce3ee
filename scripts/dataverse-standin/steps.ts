/**
 * Registered webhook steps firing, as Dataverse's asynchronous service does: after a row of a table
 * is created or updated, every `sdkmessageprocessingstep` on that table and message whose filtering
 * attributes include a changed column (all columns when it has none) posts a serialized
 * RemoteExecutionContext to its service endpoint (`?code=<key>` for WebhookKey authentication), with
 * the step's post-image. Values are typed as Dataverse serializes them: Money and OptionSetValue
 * wrappers, `/Date(ms)/` dates, `{key, value}` lists and escaped slashes.
 *
 * One difference is kept on purpose: Dataverse fires when a filtering column is in the request even
 * with an unchanged value; this fires when the value changed (the stand-in's tables see merged rows).
 */
import { randomUUID } from 'node:crypto';
import type { Row, Table } from './store.ts';

const CONTRACTS = 'http:\\/\\/schemas.microsoft.com\\/xrm\\/2011\\/Contracts';

export interface StepDelivery {
  url: string;
  entity: string;
  message: 'Create' | 'Update';
  rowId: string;
  status: number | 'error';
  error?: string;
}

export interface StepRunner {
  /** Called by the tables on every write; queues the events the write fires. */
  written(table: Table, before: Row | undefined, after: Row): void;
  /** Deliveries made so far, oldest first. */
  readonly deliveries: StepDelivery[];
  /** Resolves once every queued event has been delivered. */
  idle(): Promise<void>;
}

type Rows = (entitySet: string) => Row[];

function wcfDate(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? undefined : `\\/Date(${ms})\\/`;
}

/** One attribute as Dataverse serializes it, by the column's declared type. */
function serialized(table: Table, column: string, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  const spec = table.def.columns?.[column];
  if (column === 'modifiedon' || column === 'createdon') return wcfDate(value) ?? value;
  switch (spec?.type) {
    case 'money': return { __type: `Money:${CONTRACTS}`, Value: value };
    case 'choice': return { __type: `OptionSetValue:${CONTRACTS}`, Value: value };
    case 'date':
    case 'datetime': return wcfDate(value) ?? value;
    default: return value;
  }
}

function attributes(table: Table, row: Row, columns: readonly string[]): { key: string; value: unknown }[] {
  return columns.filter((c) => c in row).map((c) => ({ key: c, value: serialized(table, c, row[c]) }));
}

function entity(table: Table, row: Row, columns: readonly string[]): Record<string, unknown> {
  return {
    __type: `Entity:${CONTRACTS}`, Attributes: attributes(table, row, columns), EntityState: null, FormattedValues: [],
    Id: row[table.pk], KeyAttributes: [], LogicalName: table.def.logicalName, RelatedEntities: [], RowVersion: String(row.versionnumber ?? ''),
  };
}

export function createStepRunner(rows: Rows, fetchImpl: typeof fetch = fetch): StepRunner {
  const deliveries: StepDelivery[] = [];
  const pending = new Set<Promise<void>>();

  const stepsFor = (logicalName: string, message: string) => {
    const messageIds = new Set(rows('sdkmessages').filter((m) => m.name === message).map((m) => m.sdkmessageid));
    const filterIds = new Set(rows('sdkmessagefilters')
      .filter((f) => f.primaryobjecttypecode === logicalName && messageIds.has(f._sdkmessageid_value)).map((f) => f.sdkmessagefilterid));
    return rows('sdkmessageprocessingsteps').filter((s) => filterIds.has(s._sdkmessagefilterid_value) && (s.statecode ?? 0) === 0);
  };

  async function deliver(table: Table, message: 'Create' | 'Update', step: Row, after: Row, changed: string[]): Promise<void> {
    const endpoint = rows('serviceendpoints').find((e) => e.serviceendpointid === step._eventhandler_value);
    if (!endpoint || typeof endpoint.url !== 'string') return;
    const images = rows('sdkmessageprocessingstepimages').filter((i) => i._sdkmessageprocessingstepid_value === step.sdkmessageprocessingstepid);
    const id = String(after[table.pk]);
    const requestId = randomUUID();
    const now = Date.now();
    const body = {
      BusinessUnitId: randomUUID(), CorrelationId: randomUUID(), Depth: 1, InitiatingUserId: randomUUID(),
      InputParameters: [{ key: 'Target', value: entity(table, after, [...changed, table.pk, 'modifiedon']) }],
      IsExecutingOffline: false, IsInTransaction: false, IsOfflinePlayback: false, IsolationMode: 1,
      MessageName: message, Mode: 1, OperationCreatedOn: `\\/Date(${now}+0000)\\/`, OperationId: randomUUID(),
      OrganizationId: randomUUID(), OrganizationName: 'standin', OutputParameters: [],
      OwningExtension: { Id: step.sdkmessageprocessingstepid, KeyAttributes: [], LogicalName: 'sdkmessageprocessingstep', Name: step.name ?? null, RowVersion: null },
      ParentContext: null,
      PostEntityImages: images.map((i) => ({
        key: i.entityalias, value: entity(table, after, String(i.attributes ?? '').split(',').filter(Boolean)),
      })),
      PreEntityImages: [], PrimaryEntityId: id, PrimaryEntityName: table.def.logicalName, RequestId: requestId,
      SecondaryEntityName: 'none', SharedVariables: [], Stage: 40, UserId: randomUUID(),
    };
    const url = new URL(endpoint.url);
    if (endpoint.authtype === 4 && typeof endpoint.authvalue === 'string') url.searchParams.set('code', endpoint.authvalue);
    const record: StepDelivery = { url: `${url.origin}${url.pathname}`, entity: table.def.logicalName, message, rowId: id, status: 'error' };
    try {
      const res = await fetchImpl(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json', 'x-request-id': requestId,
          'x-ms-dynamics-entity-name': table.def.logicalName, 'x-ms-dynamics-request-name': message,
          'x-ms-dynamics-organization': 'standin.crm.dynamics.com',
        },
        // Dataverse escapes slashes; JSON.stringify doubles the backslashes written above, so undo that.
        body: JSON.stringify(body).replaceAll('\\\\/', '\\/'),
      });
      record.status = res.status;
      await res.arrayBuffer();
    } catch (e) {
      record.error = (e as Error).message;
    }
    deliveries.push(record);
  }

  return {
    deliveries,
    written(table, before, after) {
      // Most writes happen with no step registered (bulk pushes, seeding): nothing to look at then.
      if (rows('sdkmessageprocessingsteps').length === 0) return;
      const message = before ? 'Update' : 'Create';
      const changed = Object.keys(after).filter((c) => !['versionnumber', 'modifiedon', 'createdon'].includes(c)
        && (!before || JSON.stringify(before[c]) !== JSON.stringify(after[c])));
      if (changed.length === 0) return;
      for (const step of stepsFor(table.def.logicalName, message)) {
        const filtering = String(step.filteringattributes ?? '').split(',').filter(Boolean);
        if (message === 'Update' && filtering.length && !filtering.some((c) => changed.includes(c))) continue;
        // Asynchronous steps run after the request has been answered, as Dataverse's async service does.
        const p = new Promise<void>((resolve) => setImmediate(resolve)).then(() => deliver(table, message, step, after, changed));
        pending.add(p);
        void p.finally(() => pending.delete(p));
      }
    },
    async idle() {
      while (pending.size) await Promise.all([...pending]);
    },
  };
}
