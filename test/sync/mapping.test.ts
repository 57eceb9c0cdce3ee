import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../api/src/config/index.ts';
import { AppError } from '../../api/src/errors/index.ts';
import documented from '../../api/src/sync/mappings/documented.json' with { type: 'json' };
import {
  loadMapping, statusesFromDynamics, statusFromDynamics, statusToDynamics, tableFor, toDynamicsRecord,
} from '../../api/src/sync/mapping.ts';

const dir = mkdtempSync(join(tmpdir(), 'mapping-'));
function fileWith(doc: unknown): string {
  const path = join(dir, `${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, typeof doc === 'string' ? doc : JSON.stringify(doc));
  return path;
}

describe('documented mapping', () => {
  const m = loadMapping(loadConfig({ MAPPING_PRESET: 'documented' }));

  it('turns a stored asset row into Dynamics columns: exact decimals as JSON numbers, ISO dates, without the Dynamics-owned book value', () => {
    const record = toDynamicsRecord(m, 'assets', {
      codigo_interno: 'TR-1', nombre: 'Trafo', numero_de_serie: 'SN1', valor_adquisicion: '12345678901234.5678',
      valor_libros: '0.1000', fecha_adquisicion: new Date('2021-03-04T00:00:00Z'),
    });
    expect(JSON.stringify(record)).toBe(
      '{"msdyn_assetnumber":"TR-1","msdyn_name":"Trafo","msdyn_serialid":"SN1","msdyn_acquisitioncost":12345678901234.5678,' +
      '"msdyn_acquisitiondate":"2021-03-04T00:00:00.000Z"}');
  });

  it('writes fecha_creacion as overriddencreatedon and estado as its statuscode option value', () => {
    const record = toDynamicsRecord(m, 'purchaseOrders', {
      numero_requisicion: 'R1', justificacion: 'j', total: '10.5000', estado: 'aprobada', fecha_creacion: new Date('2026-01-02T03:04:05Z'),
    });
    expect(record).toMatchObject({ name: 'R1', description: 'j', statuscode: 613540002, overriddencreatedon: '2026-01-02T03:04:05.000Z' });
    expect(record).not.toHaveProperty('createdon');
    expect(statusToDynamics(m, 'cancelada')).toBe(613540006);
    expect(statusFromDynamics(m, 613540004)).toBe('ordenada');
    expect(statusFromDynamics(m, 1)).toBeUndefined();
  });

  it('gives the asset table and refuses the purchase-order table with NOT_CONFIGURED naming DYNAMICS_PURCHASE_ORDER_TABLE', () => {
    expect(tableFor(m, 'assets')).toMatchObject({ logicalName: 'msdyn_customerasset', entitySet: 'msdyn_customerassets', keyColumn: 'msdyn_assetnumber' });
    let err: unknown;
    try { tableFor(m, 'purchaseOrders'); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('NOT_CONFIGURED');
    expect((err as AppError).detail).toContain('DYNAMICS_PURCHASE_ORDER_TABLE');
  });

  it('takes the purchase-order table and entity set from the settings', () => {
    const withTable = loadMapping(loadConfig({ MAPPING_PRESET: 'documented', DYNAMICS_PURCHASE_ORDER_TABLE: 'cr123_purchaseorder', DYNAMICS_PURCHASE_ORDER_ENTITY_SET: 'cr123_purchaseorderset' }));
    expect(tableFor(withTable, 'purchaseOrders')).toEqual({ logicalName: 'cr123_purchaseorder', entitySet: 'cr123_purchaseorderset', keyColumn: 'name' });
    expect(tableFor(loadMapping(loadConfig({ MAPPING_PRESET: 'documented', DYNAMICS_PURCHASE_ORDER_TABLE: 'salesorder' })), 'purchaseOrders').entitySet).toBe('salesorders');
  });
});

describe('default mapping (cmms-tables)', () => {
  const m = loadMapping(loadConfig({}));
  it('writes to the shipped tables: assets by cmms_assetnumber, requisitions by cmms_name with the estados as status reasons', () => {
    expect(m.name).toBe('cmms-tables');
    expect(tableFor(m, 'assets')).toEqual({ logicalName: 'cmms_asset', entitySet: 'cmms_assets', keyColumn: 'cmms_assetnumber', primaryIdColumn: 'cmms_assetid' });
    expect(tableFor(m, 'purchaseOrders')).toEqual({ logicalName: 'cmms_purchaserequisition', entitySet: 'cmms_purchaserequisitions', keyColumn: 'cmms_name', primaryIdColumn: 'cmms_purchaserequisitionid' });
    const record = toDynamicsRecord(m, 'purchaseOrders', { numero_requisicion: 'R/1', justificacion: 'j', total: '10.1234', moneda: 'EUR', estado: 'recibida', fecha_creacion: new Date('2026-01-02T03:04:05Z'), sitio: 'S', solicitante: 'Ana' });
    expect(JSON.stringify(record)).toBe('{"cmms_name":"R/1","cmms_justification":"j","cmms_total":10.1234,"cmms_currencycode":"EUR","statuscode":613540005,"overriddencreatedon":"2026-01-02T03:04:05.000Z","cmms_site":"S","cmms_requester":"Ana"}');
  });
});

describe('field-service mapping settings', () => {
  const problems = (env: Record<string, string>): string => {
    try {
      loadMapping(loadConfig({ MAPPING_PRESET: 'field-service', ...env }));
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      return (e as Error).message;
    }
    throw new Error('the settings were accepted');
  };
  it('when the vendor account and currency are not set, refuses to start naming both settings and what they are', () => {
    const message = problems({});
    expect(message).toMatch(/DYNAMICS_VENDOR_ACCOUNT_ID.*is required by the field-service mapping \(purchaseOrders\.msdyn_vendor\)/);
    expect(message).toMatch(/DYNAMICS_CURRENCY_CODE.*is required by the field-service mapping \(purchaseOrders\.transactioncurrencyid\)/);
  });
  it('when the vendor account is not a GUID or the currency not an ISO code, says which and why', () => {
    const message = problems({ DYNAMICS_VENDOR_ACCOUNT_ID: 'Contoso Supplies', DYNAMICS_CURRENCY_CODE: 'usd' });
    expect(message).toMatch(/DYNAMICS_VENDOR_ACCOUNT_ID.*"Contoso Supplies" is not the id \(GUID\) of the vendor account/);
    expect(message).toMatch(/DYNAMICS_CURRENCY_CODE.*"usd" is not the ISO 4217 code/);
  });
  it('the other presets need neither setting', () => {
    expect(() => loadMapping(loadConfig({ MAPPING_PRESET: 'cmms-tables' }))).not.toThrow();
  });
});

describe('field-service mapping', () => {
  const m = loadMapping(loadConfig({ MAPPING_PRESET: 'field-service', DYNAMICS_VENDOR_ACCOUNT_ID: '3c2a1b00-0000-4000-8000-00000000a001', DYNAMICS_CURRENCY_CODE: 'USD' }));
  it('targets msdyn_purchaseorder with a date-only order date and msdyn_systemstatus', () => {
    expect(tableFor(m, 'purchaseOrders')).toMatchObject({ logicalName: 'msdyn_purchaseorder', entitySet: 'msdyn_purchaseorders', keyColumn: 'msdyn_name' });
    const record = toDynamicsRecord(m, 'purchaseOrders', { numero_requisicion: 'R1', justificacion: 'j', total: '1.5', estado: 'recibida', fecha_creacion: new Date('2026-03-04T23:00:00Z') });
    expect(JSON.parse(JSON.stringify(record))).toEqual({ msdyn_name: 'R1', msdyn_vendornote: 'j', msdyn_totalamount: 1.5, msdyn_systemstatus: 690970003, msdyn_purchaseorderdate: '2026-03-04' });
  });
  it('reads a shared option value back as every estado it stands for, the inbound one first', () => {
    expect(statusesFromDynamics(m, 690970001)).toEqual(['pendiente', 'aprobada', 'ordenada']);
    expect(statusFromDynamics(m, 690970002)).toBe('cancelada');
  });
});

describe('mapping validation at start', () => {
  const fails = (doc: unknown): string => {
    try {
      loadMapping(loadConfig({ MAPPING_FILE: fileWith(doc) }));
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      return (e as Error).message;
    }
    throw new Error('the mapping was accepted');
  };

  it('accepts a valid mapping file in place of the preset', () => {
    const m = loadMapping(loadConfig({ MAPPING_FILE: fileWith({ ...documented, name: 'mine' }) }));
    expect(m.name).toBe('mine');
  });

  it('names the JSON path of a wrong column type', () => {
    const doc = structuredClone(documented) as { entities: { assets: { columns: { type: string }[] } } };
    doc.entities.assets.columns[2]!.type = 'text';
    expect(fails(doc)).toMatch(/MAPPING_FILE: .*\/entities\/assets\/columns\/2\/type must be one of/);
  });

  it('names an unknown CMMS field, an estado without option value and a key column not mapped from the key', () => {
    const doc = structuredClone(documented) as unknown as { entities: Record<string, { keyColumn: string; columns: { source: string; options?: unknown[] }[] }> };
    doc.entities.assets!.columns[1]!.source = 'nombre_largo';
    doc.entities.purchaseOrders!.columns[3]!.options!.pop();
    doc.entities.purchaseOrders!.keyColumn = 'description';
    const msg = fails(doc);
    expect(msg).toContain('/entities/assets/columns/1/source "nombre_largo" is not a CMMS field');
    expect(msg).toContain('/entities/purchaseOrders/columns/3/options has no option value for estado cancelada');
    expect(msg).toContain('/entities/purchaseOrders/keyColumn "description"');
  });

  it('reports a file that is not JSON, naming MAPPING_FILE', () => {
    expect(fails('{ nope')).toMatch(/MAPPING_FILE: cannot read .* as JSON/);
  });

  it('refuses DYNAMICS_PURCHASE_ORDER_ENTITY_SET without DYNAMICS_PURCHASE_ORDER_TABLE', () => {
    expect(() => loadMapping(loadConfig({ DYNAMICS_PURCHASE_ORDER_ENTITY_SET: 'x' }))).toThrow(/DYNAMICS_PURCHASE_ORDER_TABLE: is required/);
  });
});
