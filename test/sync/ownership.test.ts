import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../api/src/config/index.ts';
import documented from '../../api/src/sync/mappings/documented.json' with { type: 'json' };
import { loadMapping, mappingProblems, toDynamicsRecord } from '../../api/src/sync/mapping.ts';
import { assetWebhookStep } from '../../api/src/sync/webhook-step.ts';

const dir = mkdtempSync(join(tmpdir(), 'ownership-'));
const fileWith = (doc: unknown): string => {
  const path = join(dir, `${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, JSON.stringify(doc));
  return path;
};

/** The documented mapping with one asset column changed. */
function withAssetColumn(source: string, change: Record<string, unknown>): unknown {
  const doc = structuredClone(documented) as { entities: { assets: { columns: Record<string, unknown>[] } } };
  const col = doc.entities.assets.columns.find((c) => c.source === source)!;
  Object.assign(col, change);
  for (const [k, v] of Object.entries(change)) if (v === undefined) delete col[k];
  return doc;
}

const row = {
  codigo_interno: 'TR-1', nombre: 'Trafo', numero_de_serie: 'SN1', valor_adquisicion: '100.0000',
  valor_libros: '55.5000', fecha_adquisicion: new Date('2021-03-04T00:00:00Z'),
};

describe('column ownership in the mapping', () => {
  it('the documented preset gives the book value to Dynamics and everything else to the CMMS', () => {
    const m = loadMapping(loadConfig({ MAPPING_PRESET: 'documented' }));
    const owners = Object.fromEntries(m.entities.assets.columns.map((c) => [c.source, c.owner ?? 'cmms']));
    expect(owners).toEqual({
      codigo_interno: 'cmms', nombre: 'cmms', numero_de_serie: 'cmms', valor_adquisicion: 'cmms', valor_libros: 'dynamics', fecha_adquisicion: 'cmms',
    });
    expect(m.entities.purchaseOrders.columns.every((c) => (c.owner ?? 'cmms') === 'cmms')).toBe(true);
  });

  it('a column Dynamics owns is left out of what is written to Dynamics', () => {
    const record = toDynamicsRecord(loadMapping(loadConfig({ MAPPING_PRESET: 'documented' })), 'assets', row);
    expect(Object.keys(record)).toEqual(['msdyn_assetnumber', 'msdyn_name', 'msdyn_serialid', 'msdyn_acquisitioncost', 'msdyn_acquisitiondate']);
  });

  it('a mapping file without ownership keeps every column outbound, as before', () => {
    const doc = withAssetColumn('valor_libros', { owner: undefined });
    const m = loadMapping(loadConfig({ MAPPING_FILE: fileWith(doc) }));
    expect(toDynamicsRecord(m, 'assets', row)).toHaveProperty('msdyn_currentbookvalue');
    expect(assetWebhookStep(m)).toBeUndefined();
  });

  it('the asset webhook step is filtered to the Dynamics-owned columns, with the key and modifiedon in its image', () => {
    expect(assetWebhookStep(loadMapping(loadConfig({ MAPPING_PRESET: 'documented' })))).toEqual({
      entityLogicalName: 'msdyn_customerasset',
      filteringAttributes: ['msdyn_currentbookvalue'],
      imageAttributes: ['msdyn_assetnumber', 'msdyn_currentbookvalue', 'modifiedon'],
    });
  });

  it.each([
    ['an unknown owner', withAssetColumn('valor_libros', { owner: 'finance' }), '/entities/assets/columns/4/owner must be one of cmms, dynamics, both'],
    ['both without a rule', withAssetColumn('valor_libros', { owner: 'both' }), '/entities/assets/columns/4/rule is required when owner is "both"'],
    ['a rule without both', withAssetColumn('valor_libros', { rule: 'last-writer' }), '/entities/assets/columns/4/rule is only allowed when owner is "both"'],
    ['a Dynamics-owned key', withAssetColumn('codigo_interno', { owner: 'dynamics' }), '/entities/assets/columns/0/owner must be "cmms": the key column msdyn_assetnumber'],
  ])('refuses %s at start, naming the JSON path', (_what, doc, message) => {
    expect(mappingProblems(doc).join('\n')).toContain(message);
    expect(() => loadMapping(loadConfig({ MAPPING_FILE: fileWith(doc) }))).toThrow(ConfigError);
  });

  it('refuses a Dynamics-owned purchase-order column: their status has its own path', () => {
    const doc = structuredClone(documented) as { entities: { purchaseOrders: { columns: Record<string, unknown>[] } } };
    doc.entities.purchaseOrders.columns[2]!.owner = 'dynamics';
    expect(mappingProblems(doc)).toEqual(['/entities/purchaseOrders/columns/2/owner must be "cmms": purchase orders take only their status from Dynamics, through the status call-back']);
  });

  it('accepts both with the last-writer rule', () => {
    expect(mappingProblems(withAssetColumn('valor_adquisicion', { owner: 'both', rule: 'last-writer' }))).toEqual([]);
  });
});
