/**
 * Alternate keys through the metadata Web API: read a table's keys with their index state, and
 * create the one the sync needs when it is missing. Creating is idempotent: a key on the same
 * column is reported, not created again. Dataverse then builds the index in the background
 * (EntityKeyIndexStatus Pending → InProgress → Active, or Failed when rows share a value).
 */
import type { DataverseClient } from './index.ts';

export interface AlternateKey {
  SchemaName: string;
  KeyAttributes: string[];
  EntityKeyIndexStatus: string;
}

export async function alternateKeys(client: DataverseClient, logicalName: string): Promise<AlternateKey[]> {
  const res = await client.getJson<{ value: AlternateKey[] }>(`EntityDefinitions(LogicalName='${logicalName}')/Keys?$select=SchemaName,KeyAttributes,EntityKeyIndexStatus`);
  return res.value;
}

export interface EnsuredKey {
  table: string;
  column: string;
  action: 'created' | 'exists';
  schemaName: string;
  status: string;
}

const label = (text: string) => ({
  '@odata.type': 'Microsoft.Dynamics.CRM.Label',
  LocalizedLabels: [{ '@odata.type': 'Microsoft.Dynamics.CRM.LocalizedLabel', Label: text, LanguageCode: 1033 }],
});

/** The key on exactly `column`, created (with the publisher prefix) when there is none. */
export async function ensureAlternateKey(client: DataverseClient, logicalName: string, column: string, prefix = 'cmms'): Promise<EnsuredKey> {
  const existing = (await alternateKeys(client, logicalName)).find((k) => k.KeyAttributes.length === 1 && k.KeyAttributes[0] === column);
  if (existing) return { table: logicalName, column, action: 'exists', schemaName: existing.SchemaName, status: existing.EntityKeyIndexStatus };
  const schemaName = `${prefix}_${logicalName}_${column}`.slice(0, 100);
  await client.request({
    method: 'POST',
    path: `EntityDefinitions(LogicalName='${logicalName}')/Keys`,
    body: { SchemaName: schemaName, DisplayName: label(`${column} (Energy CMMS sync)`), KeyAttributes: [column] },
    context: { table: logicalName },
  });
  const created = (await alternateKeys(client, logicalName)).find((k) => k.SchemaName === schemaName);
  return { table: logicalName, column, action: 'created', schemaName, status: created?.EntityKeyIndexStatus ?? 'Pending' };
}
