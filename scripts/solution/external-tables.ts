/**
 * Dataverse tables the flows may use that another solution provides, with what an export's
 * MissingDependencies names them by. FieldService's version is the one a public export lists;
 * import only needs the table present, the text tells an admin what to install.
 * Shared by the packer (which writes the dependencies) and the validator (which demands them).
 */
import { logicalName, TABLES, TABLES_SOLUTION } from './tables/definition.ts';
export interface ExternalTable {
  entitySet: string;
  displayName: string;
  /** "UniqueName (version)" of the providing solution. */
  solution: string;
}

export const EXTERNAL_TABLES: Readonly<Record<string, ExternalTable>> = {
  msdyn_customerasset: { entitySet: 'msdyn_customerassets', displayName: 'Customer Asset', solution: 'FieldService (9.0.1.1)' },
  msdyn_purchaseorder: { entitySet: 'msdyn_purchaseorders', displayName: 'Purchase Order', solution: 'FieldService (9.0.1.1)' },
  // The tables the EnergyCmmsTables solution ships (imported before the sync solution).
  ...Object.fromEntries(TABLES.map((t) => [logicalName(t.schemaName), { entitySet: t.entitySet, displayName: t.display, solution: `${TABLES_SOLUTION.uniqueName} (${TABLES_SOLUTION.version})` }])),
};

/** The external table an entity set or logical name belongs to, by logical name. */
export function externalTableOf(name: string): string | undefined {
  if (EXTERNAL_TABLES[name]) return name;
  return Object.entries(EXTERNAL_TABLES).find(([, t]) => t.entitySet === name)?.[0];
}
