/**
 * Everything the flow generator needs besides the mapping, read from the solution sources: the
 * connection references the sync solution defines, the connector's Dataverse name, and the
 * connector solution that must be imported first.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConnectorElement, readConnectorPackage } from './connector-files.ts';
import { DATAVERSE_API, type FlowContext } from './flows/common.ts';
import type { RequiredConnector } from './flows/index.ts';
import type { ResolvedMapping } from './mapping-source.ts';
import { elementText } from './xml-text.ts';

/** Minutes between runs of the scheduled flows unless --interval-minutes says otherwise. */
export const DEFAULT_INTERVAL_MINUTES = 15;

export interface FlowSources {
  /** solution/ (holding connector/ and sync/). */
  solutionDir: string;
  connectorDir: string;
  mapping: ResolvedMapping;
  intervalMinutes?: number | undefined;
}

interface ConnectionReference {
  logicalName: string;
  apiName: string;
  custom: boolean;
}

function connectionReferences(customizations: string): ConnectionReference[] {
  const re = /<connectionreference connectionreferencelogicalname="([^"]+)">([\s\S]*?)<\/connectionreference>/g;
  return [...customizations.matchAll(re)].map((m) => ({
    logicalName: m[1]!,
    apiName: (elementText(m[2]!, 'connectorid') ?? '').split('/').at(-1) ?? '',
    custom: m[2]!.includes('<customconnectorid>'),
  }));
}

export function flowSources(s: FlowSources): { ctx: FlowContext; connector: RequiredConnector } {
  const interval = s.intervalMinutes ?? DEFAULT_INTERVAL_MINUTES;
  // Power Automate's Recurrence takes at least one minute; a month of minutes is plenty of range.
  if (!Number.isInteger(interval) || interval < 1 || interval > 44640) throw new Error(`--interval-minutes ${interval} must be a whole number from 1 to 44640`);
  const refs = connectionReferences(readFileSync(join(s.solutionDir, 'sync', 'Other', 'Customizations.xml'), 'utf8'));
  const custom = refs.find((r) => r.custom);
  const dataverse = refs.find((r) => r.apiName === DATAVERSE_API);
  if (!custom || !dataverse) throw new Error('solution/sync/Other/Customizations.xml needs a custom-connector and a Dataverse connection reference');

  const connectorFolder = join(s.solutionDir, 'connector');
  const elementFile = readdirSync(join(connectorFolder, 'Connectors')).find((f) => f.endsWith('.xml'));
  if (!elementFile) throw new Error(`${connectorFolder}/Connectors has no connector element`);
  const element = parseConnectorElement(readFileSync(join(connectorFolder, 'Connectors', elementFile), 'utf8'), elementFile);
  const manifest = readFileSync(join(connectorFolder, 'Other', 'Solution.xml'), 'utf8');
  const info = (readConnectorPackage(s.connectorDir).swagger.info ?? {}) as { title?: string };

  const table = (entity: 'assets' | 'purchaseOrders') => {
    const e = s.mapping.entities[entity];
    if (!e.logicalName || !e.entitySet) throw new Error(`the mapping names no ${entity} table`);
    return { ...e, logicalName: e.logicalName, entitySet: e.entitySet };
  };
  return {
    ctx: {
      connector: { apiName: custom.apiName, logicalName: element.name, connectionReference: custom.logicalName },
      dataverseConnectionReference: dataverse.logicalName,
      assets: table('assets'),
      purchaseOrders: table('purchaseOrders'),
      intervalMinutes: interval,
    },
    connector: {
      name: element.name,
      displayName: info.title ?? element.name,
      solution: `${elementText(manifest, 'UniqueName')} (${elementText(manifest, 'Version')})`,
    },
  };
}
