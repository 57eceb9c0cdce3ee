/** The runner's own semantics, on the real packed flow definitions with fake connectors. */
import { describe, expect, it } from 'vitest';
import { runDefinition, triggerConditionsHold, type ConnectorImpl, type HttpOutputs } from '../support/flow-runner/engine.ts';
import { FLOWS, loadPackedFlows } from '../support/flow-runner/harness.ts';

// The fake Dataverse below answers in the documented mapping's columns.
const packed = loadPackedFlows({ mapping: { mapping: 'documented', purchaseOrderTable: 'cr123_purchaseorder' } });
const ok = (body: unknown): HttpOutputs => ({ statusCode: 200, headers: {}, body });

function fakeCmms(pages: unknown[][]): ConnectorImpl & { acks: unknown[] } {
  let page = 0;
  const acks: unknown[] = [];
  return {
    acks,
    async call(operationId, parameters) {
      if (operationId === 'GetAssetChanges') {
        const items = pages[page] ?? [];
        page++;
        return ok({ items, cursor: `c${page}`, hasMore: page < pages.length });
      }
      if (operationId === 'AcknowledgeChanges') {
        acks.push(parameters);
        return ok({});
      }
      throw new Error(`unexpected ${operationId}`);
    },
  };
}

const items = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => ({ operation: 'upsert', key: `A-${from + i}`, seq: from + i, version: 1, record: { msdyn_assetnumber: `A-${from + i}` } }));

describe('flow runner engine', () => {
  it('runs Apply to each with at most the flow\'s concurrency (10) and more than one at a time', async () => {
    let inFlight = 0;
    let peak = 0;
    const dataverse: ConnectorImpl = {
      async call(_op, parameters) {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await new Promise((r) => setTimeout(r, 5));
        inFlight--;
        return { statusCode: 200, headers: {}, body: { msdyn_customerassetid: `id-${String(parameters.recordId)}` } };
      },
    };
    const cmms = fakeCmms([items(35)]);
    const result = await runDefinition(packed.flows.get(FLOWS.assetsScheduled)!, {
      connectors: { [packed.connectorApiName]: cmms, shared_commondataserviceforapps: dataverse },
      triggerOutputs: {},
    });
    expect(result.status).toBe('Succeeded');
    expect(peak).toBe(10);
    const ack = cmms.acks[0] as { 'body/results': { key: string; ok: boolean; dynamicsId: string }[]; 'body/cursor': string };
    expect(ack['body/cursor']).toBe('c1');
    expect(ack['body/results']).toHaveLength(35);
    expect(ack['body/results'].every((r) => r.ok && r.dynamicsId.startsWith('id-msdyn_assetnumber='))).toBe(true);
  });

  it('acknowledges each page before reading the next and stops when hasMore is false', async () => {
    const cmms = fakeCmms([items(3), items(2, 3), []]);
    const dataverse: ConnectorImpl = { call: async () => ok({}) };
    const result = await runDefinition(packed.flows.get(FLOWS.assetsScheduled)!, {
      connectors: { [packed.connectorApiName]: cmms, shared_commondataserviceforapps: dataverse },
      triggerOutputs: {},
    });
    expect(result.status).toBe('Succeeded');
    expect(cmms.acks.map((a) => (a as { 'body/cursor': string })['body/cursor'])).toEqual(['c1', 'c2', 'c3']);
  });

  it('retries a 503 per the retry policy and gives up with a failed run after the count', async () => {
    let calls = 0;
    const cmms: ConnectorImpl = {
      async call() {
        calls++;
        return { statusCode: 503, headers: {}, body: { title: 'The service is not ready', detail: 'database is starting' } };
      },
    };
    const result = await runDefinition(packed.flows.get(FLOWS.assetsScheduled)!, {
      connectors: { [packed.connectorApiName]: cmms, shared_commondataserviceforapps: { call: async () => ok({}) } },
      triggerOutputs: {},
    });
    expect(calls).toBe(7); // the first try and six retries
    expect(result.status).toBe('Failed');
    expect(result.error?.message).toMatch(/^The asset sync stopped: database is starting\./);
  });

  it('evaluates trigger conditions with environment variables: an empty integration user lets every change through', () => {
    const flow = packed.flows.get(FLOWS.statusToCmms)!;
    const trigger = Object.values(((flow.properties as Record<string, unknown>).definition as { triggers: Record<string, Record<string, unknown>> }).triggers)[0]!;
    const event = { body: { _modifiedby_value: 'u1', statuscode: 1 } };
    expect(triggerConditionsHold(trigger, flow, { triggerOutputs: event })).toBe(true);
    expect(triggerConditionsHold(trigger, flow, { triggerOutputs: event, environment: { cmms_IntegrationUserId: 'u1' } })).toBe(false);
    expect(triggerConditionsHold(trigger, flow, { triggerOutputs: event, environment: { cmms_IntegrationUserId: 'u2' } })).toBe(true);
  });
});
