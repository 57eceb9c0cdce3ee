/**
 * Generates the sync solution's cloud flows for one mapping at pack time: the flow files, their
 * `<Workflow>` elements (shipped on: StateCode 1 / StatusCode 2, as exports of running flows are),
 * their root components and the solution's missing dependencies (the custom connector, and tables
 * another solution provides). One module per flow; a new flow is one more entry in FLOWS.
 */
import { EXTERNAL_TABLES } from '../external-tables.ts';
import { escapeXml, toCrlf } from '../xml-text.ts';
import type { FlowContext, FlowGenerator } from './common.ts';
import { assetFinanceFromDynamics } from './asset-finance.ts';
import { assetsRealTime } from './realtime-assets.ts';
import { assetsScheduled, purchaseOrdersScheduled } from './scheduled-sync.ts';
import { statusToCmms } from './status-callback.ts';

export type { FlowContext, FlowGenerator } from './common.ts';

export const FLOWS: readonly FlowGenerator[] = [assetsScheduled, purchaseOrdersScheduled, assetsRealTime, statusToCmms, assetFinanceFromDynamics];

/** The custom connector as another solution provides it (a missing dependency of the flows). */
export interface RequiredConnector {
  /** Dataverse name of the connector (e.g. cmms_energycmms). */
  name: string;
  displayName: string;
  /** "UniqueName (version)" of the solution that carries it. */
  solution: string;
}

export interface GeneratedFlows {
  /** Zip entries: Workflows/<Name>-<GUID>.json. */
  files: Map<string, Uint8Array>;
  workflowElements: string[];
  rootComponents: string[];
  missingDependencies: string[];
}

/** SolutionPackager's file name: the display name without characters outside [A-Za-z0-9_-], 50 at most. */
export function flowFileName(flow: FlowGenerator): string {
  return `Workflows/${flow.name.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 50)}-${flow.id.toUpperCase()}.json`;
}

export function workflowElement(flow: FlowGenerator): string {
  const name = escapeXml(flow.name);
  return [
    `<Workflow WorkflowId="{${flow.id}}" Name="${name}">`,
    `  <JsonFileName>/${flowFileName(flow)}</JsonFileName>`,
    '  <Type>1</Type>',
    '  <Subprocess>0</Subprocess>',
    '  <Category>5</Category>',
    '  <Mode>0</Mode>',
    '  <Scope>4</Scope>',
    '  <OnDemand>0</OnDemand>',
    '  <TriggerOnCreate>0</TriggerOnCreate>',
    '  <TriggerOnDelete>0</TriggerOnDelete>',
    '  <AsyncAutodelete>0</AsyncAutodelete>',
    '  <SyncWorkflowLogOnFailure>0</SyncWorkflowLogOnFailure>',
    '  <StateCode>1</StateCode>',
    '  <StatusCode>2</StatusCode>',
    '  <RunAs>1</RunAs>',
    '  <IsTransacted>1</IsTransacted>',
    '  <IntroducedVersion>1.0.0.0</IntroducedVersion>',
    '  <IsCustomizable>1</IsCustomizable>',
    '  <BusinessProcessType>0</BusinessProcessType>',
    '  <IsCustomProcessingStepAllowedForOtherPublishers>1</IsCustomProcessingStepAllowedForOtherPublishers>',
    '  <ModernFlowType>0</ModernFlowType>',
    '  <PrimaryEntity>none</PrimaryEntity>',
    '  <LocalizedNames>',
    `    <LocalizedName languagecode="1033" description="${name}" />`,
    '  </LocalizedNames>',
    '  <Descriptions>',
    `    <Description languagecode="1033" description="${escapeXml(flow.description)}" />`,
    '  </Descriptions>',
    '</Workflow>',
  ].join('\n');
}

function missingDependency(required: string, flow: FlowGenerator): string {
  return [
    '<MissingDependency>',
    `  ${required}`,
    `  <Dependent type="29" displayName="${escapeXml(flow.name)}" id="{${flow.id}}" />`,
    '</MissingDependency>',
  ].join('\n');
}

export function generateFlows(ctx: FlowContext, connector: RequiredConnector, all: readonly FlowGenerator[] = FLOWS): GeneratedFlows {
  const flows = all.filter((f) => f.applies?.(ctx) ?? true);
  const enc = new TextEncoder();
  const out: GeneratedFlows = { files: new Map(), workflowElements: [], rootComponents: [], missingDependencies: [] };
  const attr = escapeXml;
  for (const flow of flows) {
    out.files.set(flowFileName(flow), enc.encode(toCrlf(JSON.stringify(flow.definition(ctx), null, 2))));
    out.workflowElements.push(workflowElement(flow));
    out.rootComponents.push(`<RootComponent type="29" id="{${flow.id}}" behavior="0" />`);
  }
  // Grouped by what is required, as exports list them.
  for (const flow of flows) {
    out.missingDependencies.push(
      missingDependency(`<Required type="372" schemaName="${attr(connector.name)}" displayName="${attr(connector.displayName)}" solution="${attr(connector.solution)}" />`, flow),
    );
  }
  const tables = new Map<string, FlowGenerator[]>();
  for (const flow of flows) {
    for (const entity of flow.tables) {
      const logicalName = ctx[entity].logicalName;
      if (EXTERNAL_TABLES[logicalName]) tables.set(logicalName, [...(tables.get(logicalName) ?? []), flow]);
    }
  }
  for (const [logicalName, dependents] of [...tables].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const t = EXTERNAL_TABLES[logicalName]!;
    for (const flow of dependents) {
      out.missingDependencies.push(
        missingDependency(`<Required type="1" schemaName="${attr(logicalName)}" displayName="${attr(t.displayName)}" solution="${attr(t.solution)}" />`, flow),
      );
    }
  }
  return out;
}
