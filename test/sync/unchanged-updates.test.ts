import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});

const changeCount = async (key: string) =>
  Number((await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM change_log WHERE record_key = $1', [key])).rows[0]!.n);

describe('an update that repeats what is stored changes nothing and starts no sync echo', () => {
  it('when an asset amount is sent as 900 and stored as 900.0000, the version and the change log stay', async () => {
    await t.request.post('/assets').send({ codigo_interno: 'SAME-1', nombre: 'Same', valor_adquisicion: 900 }).expect(201);
    const res = await t.request.patch('/assets/SAME-1').send({ valor_adquisicion: 900.0, numero_de_serie: null }).expect(200);
    expect(res.body.version).toBe(1);
    expect(await changeCount('SAME-1')).toBe(1);
  });

  it('when a purchase-order total and a justification starting with digits repeat the stored ones, the version and the change log stay', async () => {
    await t.request.post('/purchase-orders').send({ numero_requisicion: 'SAME-2', justificacion: '100 pernos M12', total: 1200 }).expect(201);
    const res = await t.request.patch('/purchase-orders/SAME-2').send({ justificacion: '100 pernos M12', total: 1200 }).expect(200);
    expect(res.body.version).toBe(1);
    expect(await changeCount('SAME-2')).toBe(1);
  });
});
