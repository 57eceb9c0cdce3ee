import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { DataverseError } from '../../api/src/dynamics/index.ts';
import { SOLUTION_TABLES_DIR, tableFromEntityXml } from '../../scripts/dataverse-standin/solution-tables.ts';
import { harness, type Harness } from './helpers.ts';

const entityXml = readFileSync(join(SOLUTION_TABLES_DIR, 'cmms_PurchaseRequisition', 'Entity.xml'), 'utf8');

let h: Harness | undefined;
afterEach(async () => { await h?.standin.close(); h = undefined; });

describe('the stand-in reads the shipped tables from the solution', () => {
  test('a table definition comes from Entity.xml: entity set, primary key, alternate key, text lengths, status reasons', () => {
    const t = tableFromEntityXml(entityXml);
    expect(t).toMatchObject({ logicalName: 'cmms_purchaserequisition', entitySet: 'cmms_purchaserequisitions', primaryId: 'cmms_purchaserequisitionid', alternateKeys: [['cmms_name']] });
    expect(t.columns!.cmms_name).toEqual({ type: 'string', maxLength: 50 });
    expect(t.columns!.cmms_justification).toEqual({ type: 'string', maxLength: 2000 });
    expect(t.columns!.statuscode).toEqual({ type: 'choice', options: [613540000, 613540001, 613540002, 613540003, 613540004, 613540005, 613540006, 2] });
    expect(t.columns!.cmms_total).toEqual({ type: 'money', precision: 4, min: 0, max: 922337203685477 });
    expect(t.columns!.overriddencreatedon).toEqual({ type: 'datetime' });
    expect(t.columns!.transactioncurrencyid).toEqual({ type: 'lookup', targets: ['transactioncurrency'] });
    // Read-only platform columns are not writable: a write of createdon is no column of the table.
    expect(t.columns).not.toHaveProperty('versionnumber');
  });

  test('an edited Entity.xml changes what the stand-in accepts (no second copy to drift)', () => {
    const edited = tableFromEntityXml(entityXml.replace(/(<attribute PhysicalName="cmms_Requester">[\s\S]*?<MaxLength>)200(<\/MaxLength>)/, '$110$2'));
    expect(edited.columns!.cmms_requester).toEqual({ type: 'string', maxLength: 10 });
  });

  test('writes to the shipped tables are checked like Dataverse: too long a text, an unknown status reason, an unknown column', async () => {
    h = await harness();
    const client = h.client();
    const refused = (body: Record<string, unknown>) =>
      client.upsertByKey('cmms_purchaserequisitions', 'cmms_name', 'REQ-1', body).then(() => undefined, (e: unknown) => e as DataverseError);
    expect((await refused({ cmms_requester: 'x'.repeat(201) }))?.message).toMatch(/exceeded the maximum allowed length of '200'/);
    expect((await refused({ statuscode: 1 }))?.message).toMatch(/outside the valid range/);
    expect((await refused({ cmms_nosuch: 1 }))?.message).toMatch(/Invalid property 'cmms_nosuch'/);
    expect(await refused({ cmms_requester: 'Ana', statuscode: 613540005 })).toBeUndefined();
    expect(h.standin.tables.find('cmms_purchaserequisition', 'cmms_name', 'REQ-1')).toMatchObject({ cmms_requester: 'Ana', statuscode: 613540005 });
  });
});
