/** The harness's import step behaves as solution import does with connector references. */
import { describe, expect, it } from 'vitest';
import { FLOWS, loadPackedFlows } from '../support/flow-runner/harness.ts';
import { FlowImportError, importFlow } from '../support/flow-runner/import.ts';

type Json = Record<string, unknown>;
const packed = loadPackedFlows();
const OTHER_ID = 'shared_cmms-5fenergycmms-5f00112233445566';
const elsewhere = { customConnectors: { cmms_energycmms: OTHER_ID }, standardApis: ['shared_commondataserviceforapps'] };
const refs = (flow: Json) => (flow.properties as Json).connectionReferences as Record<string, { api: Record<string, string> }>;

describe('flow import into another environment', () => {
  it('finds the custom connector by api.logicalName and points every call at the id it has there', () => {
    const flow = importFlow(packed.flows.get(FLOWS.assetsScheduled)!, elsewhere);
    expect(refs(flow)[packed.connectorApiName]!.api).toEqual({ name: OTHER_ID, logicalName: 'cmms_energycmms' });
    const text = JSON.stringify(flow);
    expect(text).toContain(`"apiId":"/providers/Microsoft.PowerApps/apis/${OTHER_ID}"`);
    expect(text).not.toContain(`/apis/${packed.connectorApiName}"`);
    expect(text).toContain('"apiId":"/providers/Microsoft.PowerApps/apis/shared_commondataserviceforapps"');
  });

  it('refuses a flow that names the custom connector only by the id of the environment it came from', () => {
    const flow = structuredClone(packed.flows.get(FLOWS.statusToCmms)!);
    delete refs(flow)[packed.connectorApiName]!.api.logicalName;
    expect(() => importFlow(flow, elsewhere)).toThrow(FlowImportError);
    expect(() => importFlow(flow, elsewhere)).toThrow(/^WorkflowOperationInputsApiOperationNotFound: .*no api\.logicalName/);
    // Where the id is the same (the environment it was made in), the name alone still resolves.
    const home = { customConnectors: { cmms_energycmms: packed.connectorApiName }, standardApis: ['shared_commondataserviceforapps'] };
    expect(refs(importFlow(flow, home))[packed.connectorApiName]!.api.name).toBe(packed.connectorApiName);
  });

  it('refuses a flow whose connector is not in the environment at all, saying to import it first', () => {
    const none = { customConnectors: {}, standardApis: ['shared_commondataserviceforapps'] };
    expect(() => importFlow(packed.flows.get(FLOWS.assetsRealTime)!, none)).toThrow(/^MissingDependency: connector cmms_energycmms/);
  });
});
