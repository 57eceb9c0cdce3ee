/**
 * Which system owns each mapped column. Finance lives in Dynamics 365: depreciation moves an asset's
 * book value there, so that column flows Dynamics → CMMS only, while the CMMS owns everything it
 * creates. The mapping says so per column:
 *   - `cmms` (the default): written to Dynamics, never taken from it;
 *   - `dynamics`: taken from Dynamics, never written to it, and refused on UpdateAsset;
 *   - `both` with rule `last-writer`: written either way; the newer change wins, Dynamics' side
 *     timed by its `modifiedon` and the CMMS side by the time of its last CMMS-made change.
 * A mapping that says nothing of ownership keeps the one-way behaviour: every column is `cmms`.
 * Purchase orders take only `cmms` columns: their one inbound value, the status, has its own path
 * (the status call-back) ruled by the approval process.
 */
import { AppError } from '../errors/index.ts';
import type { Entity } from './change-log.ts';
import type { ColumnMapping, Mapping } from './mapping.ts';

export type Owner = 'cmms' | 'dynamics' | 'both';
export const OWNERS: readonly Owner[] = ['cmms', 'dynamics', 'both'];
export const OWNERSHIP_RULES = ['last-writer'] as const;

export const SYSTEM_NAMES: Record<Owner, string> = { cmms: 'the CMMS', dynamics: 'Dynamics 365', both: 'both systems' };

export function ownerOf(column: ColumnMapping): Owner {
  return column.owner ?? 'cmms';
}

/** Columns written to Dynamics (flows, push jobs, feeds, webhook payloads). */
export function writesToDynamics(column: ColumnMapping): boolean {
  return ownerOf(column) !== 'dynamics';
}

/** Columns taken from Dynamics (ApplyAssetChangesFromDynamics, the Dataverse webhook receiver). */
export function readsFromDynamics(column: ColumnMapping): boolean {
  return ownerOf(column) !== 'cmms';
}

/** The columns of an entity Dynamics writes back, in mapping order. */
export function inboundColumns(mapping: Mapping, entity: Entity): ColumnMapping[] {
  return mapping.entities[entity].columns.filter(readsFromDynamics);
}

/** CMMS field → column, for the columns only Dynamics may change (refused on UpdateAsset). */
export function dynamicsOwnedFields(mapping: Mapping, entity: Entity): Map<string, ColumnMapping> {
  return new Map(mapping.entities[entity].columns.filter((c) => ownerOf(c) === 'dynamics').map((c) => [c.source, c]));
}

/** The rules a schema cannot state, each naming its JSON path (used by mappingProblems). */
export function ownershipProblems(mapping: Mapping): string[] {
  const problems: string[] = [];
  for (const entity of ['assets', 'purchaseOrders'] as const) {
    const e = mapping.entities[entity];
    e.columns.forEach((c, i) => {
      const at = `/entities/${entity}/columns/${i}`;
      const owner = ownerOf(c);
      if (owner === 'both' && !c.rule) problems.push(`${at}/rule is required when owner is "both" (one of: ${OWNERSHIP_RULES.join(', ')})`);
      if (owner !== 'both' && c.rule) problems.push(`${at}/rule is only allowed when owner is "both"`);
      if (owner === 'cmms') return;
      if (c.column === e.keyColumn) problems.push(`${at}/owner must be "cmms": the key column ${c.column} identifies the record in both systems`);
      else if (entity === 'purchaseOrders') problems.push(`${at}/owner must be "cmms": purchase orders take only their status from Dynamics, through the status call-back`);
      else if (c.type === 'optionset') problems.push(`${at}/owner must be "cmms": option-set columns are not taken from Dynamics`);
    });
  }
  return problems;
}

/** 409 naming the field and its owner: a change to a column the other system owns. */
export function ownedElsewhere(field: string, column: ColumnMapping, by: 'cmms' | 'dynamics'): AppError {
  const owner = ownerOf(column);
  const message = `is owned by ${SYSTEM_NAMES[owner]} (Dynamics column ${column.column}); ${by === 'cmms'
    ? 'change it in Dynamics 365, it flows back to the CMMS'
    : 'change it in the CMMS, it flows to Dynamics 365'}`;
  return new AppError('COLUMN_OWNED', {
    detail: `${field.replace(/^\/(body|query|path|header)\//, '')} ${message}.`,
    errors: [{ field, rule: 'owner', message }],
    extensions: { column: column.column, owner },
  });
}
