/**
 * The mapping the sync flows are generated for at pack time: a preset of the API
 * (api/src/sync/mappings/<name>.json, the MAPPING_PRESET values) or a file in the MAPPING_FILE
 * form, checked with the API's own rules so a mapping the API would refuse never packs.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { mappingProblems, pluralEntitySet, type Mapping } from '../../api/src/sync/mapping.ts';

/** The preset `npm run solution` packs when no --mapping is given (one place to switch it). */
export const DEFAULT_MAPPING_PRESET = 'cmms-tables';

/**
 * The purchase-order table used when a mapping leaves it to settings (the documented preset does:
 * the API reads DYNAMICS_PURCHASE_ORDER_TABLE). Field Service's table, as the sources always shipped.
 */
export const DEFAULT_PURCHASE_ORDER_TABLE = { logicalName: 'msdyn_purchaseorder', entitySet: 'msdyn_purchaseorders' } as const;

export const PRESET_DIR = resolve(import.meta.dirname, '..', '..', 'api', 'src', 'sync', 'mappings');

/** Every preset the API ships, by name (the file name without .json). */
export function mappingPresets(dir = PRESET_DIR): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => basename(f, '.json')).sort();
}

/** Tables resolved: every entity names its table and entity set (no null left). */
export interface ResolvedMapping extends Mapping {
  /** Where it came from: the preset name or the file path. */
  source: string;
}

export interface MappingChoice {
  /** A preset name or a path to a mapping file (MAPPING_FILE form). Default DEFAULT_MAPPING_PRESET. */
  mapping?: string | undefined;
  /** Purchase-order table for a mapping that leaves it to settings (as DYNAMICS_PURCHASE_ORDER_TABLE). */
  purchaseOrderTable?: string | undefined;
  purchaseOrderEntitySet?: string | undefined;
}

/** A preset or mapping file as written (tables may be null), checked with the API's rules. */
export function readMapping(wanted: string, presetDir = PRESET_DIR): { mapping: Mapping; source: string } {
  const presets = mappingPresets(presetDir);
  let path: string;
  if (presets.includes(wanted)) path = join(presetDir, `${wanted}.json`);
  else if (existsSync(wanted)) path = resolve(wanted);
  else throw new Error(`--mapping "${wanted}" is neither a preset (${presets.join(', ')}) nor a mapping file`);
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`mapping ${path} is not JSON: ${(e as Error).message}`);
  }
  const problems = mappingProblems(doc);
  if (problems.length) throw new Error(`mapping ${wanted} is invalid:\n  ${problems.join('\n  ')}`);
  return { mapping: doc as Mapping, source: presets.includes(wanted) ? wanted : path };
}

export function loadMappingChoice(choice: MappingChoice = {}, presetDir = PRESET_DIR): ResolvedMapping {
  const wanted = choice.mapping ?? DEFAULT_MAPPING_PRESET;
  const { mapping, source } = readMapping(wanted, presetDir);
  const po = mapping.entities.purchaseOrders;
  if (choice.purchaseOrderTable) {
    po.logicalName = choice.purchaseOrderTable;
    po.entitySet = choice.purchaseOrderEntitySet ?? pluralEntitySet(choice.purchaseOrderTable);
  } else if (choice.purchaseOrderEntitySet) {
    throw new Error('--purchase-order-entity-set needs --purchase-order-table');
  } else if (!po.logicalName) {
    po.logicalName = DEFAULT_PURCHASE_ORDER_TABLE.logicalName;
    po.entitySet = DEFAULT_PURCHASE_ORDER_TABLE.entitySet;
  }
  for (const name of [po.logicalName, po.entitySet]) {
    if (!/^[a-z_][a-z0-9_]{0,99}$/.test(name ?? '')) throw new Error(`purchase-order table name "${name}" is not a Dataverse logical name`);
  }
  return { ...mapping, name: mapping.name ?? wanted, source };
}
