/**
 * Turns on the flows an import left off, the supported way: once the solution's connection
 * references are bound, `PATCH workflows(<id>)` with statecode 1 / statuscode 2 through the
 * Dataverse Web API (learn.microsoft.com/power-automate/manage-flows-with-code), then reads every
 * flow back and reports its final state. "Activate processes after import" is deprecated
 * (real-exports.md), and a flow turned on before its connections are bound fails with
 * XrmConnectionReferenceMissingConnection, hence the order.
 */
import type { DataverseClient } from '../../api/src/dynamics/index.ts';
import { readZip } from './zip.ts';

export interface SolutionFlows {
  flows: { id: string; name: string }[];
  connectionReferences: string[];
}

export interface FlowState {
  id: string;
  name: string;
  /** Final state as Dataverse reports it after this run. */
  state: 'on' | 'off' | 'missing';
  /** True when this run turned it on. */
  turnedOn: boolean;
  problem?: string | undefined;
}

export interface ActivationReport {
  flows: FlowState[];
  /** Connection references without a connection in the environment. */
  unbound: string[];
}

type WebApi = Pick<DataverseClient, 'request'>;

/** The flows and connection references a packed solution carries. */
export function solutionFlows(zip: Uint8Array): SolutionFlows {
  const customizations = new TextDecoder().decode(readZip(zip).get('customizations.xml') ?? new Uint8Array());
  const flows = [...customizations.matchAll(/<Workflow WorkflowId="\{?([0-9a-fA-F-]{36})\}?" Name="([^"]*)">/g)].map((m) => ({
    id: m[1]!.toLowerCase(),
    name: m[2]!.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>'),
  }));
  const connectionReferences = [...customizations.matchAll(/<connectionreference connectionreferencelogicalname="([^"]+)"/g)].map((m) => m[1]!);
  return { flows, connectionReferences };
}

const json = (text: string): unknown => (text ? JSON.parse(text) : undefined);
const quoted = (s: string) => `'${s.replace(/'/g, "''")}'`;

async function unboundReferences(api: WebApi, names: readonly string[]): Promise<string[]> {
  const unbound: string[] = [];
  for (const name of names) {
    const res = await api.request({
      method: 'GET',
      path: `connectionreferences?$select=connectionreferencelogicalname,connectionid&$filter=connectionreferencelogicalname eq ${quoted(name)}`,
    });
    const rows = (json(res.text) as { value?: { connectionid?: string | null }[] } | undefined)?.value ?? [];
    if (!rows[0]?.connectionid) unbound.push(name);
  }
  return unbound;
}

async function readState(api: WebApi, id: string): Promise<{ statecode: number; name?: string } | undefined> {
  const res = await api.request({ method: 'GET', path: `workflows(${id})?$select=name,statecode,statuscode`, acceptStatus: (s) => s === 404 });
  if (res.status === 404) return undefined;
  return json(res.text) as { statecode: number; name?: string };
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export async function turnOnFlows(api: WebApi, solution: SolutionFlows): Promise<ActivationReport> {
  const unbound = await unboundReferences(api, solution.connectionReferences);
  const flows: FlowState[] = [];
  for (const flow of solution.flows) {
    const before = await readState(api, flow.id);
    if (!before) {
      flows.push({ ...flow, state: 'missing', turnedOn: false, problem: 'not in the environment: did the import succeed?' });
      continue;
    }
    if (before.statecode === 1) {
      flows.push({ ...flow, state: 'on', turnedOn: false });
      continue;
    }
    if (unbound.length) {
      flows.push({ ...flow, state: 'off', turnedOn: false, problem: `left off: connection reference(s) ${unbound.join(', ')} have no connection` });
      continue;
    }
    let problem: string | undefined;
    try {
      await api.request({ method: 'PATCH', path: `workflows(${flow.id})`, body: { statecode: 1, statuscode: 2 } });
    } catch (e) {
      problem = `Dataverse refused to turn it on: ${messageOf(e)}`;
    }
    const after = await readState(api, flow.id);
    const on = after?.statecode === 1;
    flows.push({ ...flow, state: on ? 'on' : 'off', turnedOn: on, problem: on ? undefined : (problem ?? 'still off after the request') });
  }
  return { flows, unbound };
}

/** One line per flow, for people. */
export function formatReport(report: ActivationReport): string[] {
  return report.flows.map((f) => `${f.state === 'on' ? '✓' : '✗'} ${f.name}: ${f.state}${f.turnedOn ? ' (turned on now)' : ''}${f.problem ? ` — ${f.problem}` : ''}`);
}
