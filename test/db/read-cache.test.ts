import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../api/src/db/index.ts';
import { createReadCache, type ReadCache } from '../../api/src/db/read-cache.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { createTestDb, serverUrl } from '../support/db.ts';
import { twoInstances, type Instances } from './instances.ts';

describe('read cache', () => {
  let db: Db;
  let cache: ReadCache;
  beforeAll(async () => {
    db = await createTestDb();
    cache = await createReadCache(db);
  });
  afterAll(() => db.close());

  afterAll(() => cache.close());

  it(serverUrl ? 'is on for a PostgreSQL server, kept exact by read barriers' : 'is on for the embedded database', () => {
    expect(cache.enabled).toBe(true);
  });

  it('never serves a value older than the last committed write, whatever code path wrote it', async () => {
    await db.query("INSERT INTO assets (codigo_interno, nombre) VALUES ('RC-1', 'before')");
    const read = () => cache.read('assets', 'get:RC-1', async () => (await db.query<{ nombre: string }>("SELECT nombre FROM assets WHERE codigo_interno = 'RC-1'")).rows[0]!.nombre, () => 10);
    expect(await read()).toBe('before');
    await db.transaction(async (tx) => {
      await tx.query("UPDATE assets SET nombre = 'after' WHERE codigo_interno = 'RC-1'");
    });
    expect(await read()).toBe('after');
  });

  it('does not keep a result read while a write committed', async () => {
    await db.query("INSERT INTO purchase_orders (numero_requisicion, justificacion, total) VALUES ('RC-2', 'x', 1)");
    let loads = 0;
    const load = async () => {
      loads++;
      const v = (await db.query<{ total: string }>("SELECT total FROM purchase_orders WHERE numero_requisicion = 'RC-2'")).rows[0]!.total;
      if (loads === 1) await db.query("UPDATE purchase_orders SET total = 2 WHERE numero_requisicion = 'RC-2'");
      return v;
    };
    expect(await cache.read('purchaseOrders', 'get:RC-2', load, () => 10)).toBe('1.0000');
    expect(await cache.read('purchaseOrders', 'get:RC-2', load, () => 10)).toBe('2.0000');
    expect(loads).toBe(2);
  });

  it('a rolled-back write leaves cached values valid', async () => {
    await db.query("INSERT INTO assets (codigo_interno, nombre) VALUES ('RC-3', 'kept')");
    let loads = 0;
    const read = () => cache.read('assets', 'get:RC-3', async () => ++loads, () => 10);
    await read();
    await db.transaction(async (tx) => {
      await tx.query("UPDATE assets SET nombre = 'lost' WHERE codigo_interno = 'RC-3'");
      throw new Error('abort');
    }).catch(() => {});
    await read();
    expect(loads).toBe(1);
  });
});

describe('cached reads through the API', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });

  it('GetAsset and ListAssets show a change made behind the API at once', async () => {
    await t.request.post('/assets').send({ codigo_interno: 'RC-API', nombre: 'uno' }).expect(201);
    expect((await t.request.get('/assets/RC-API')).body.nombre).toBe('uno');
    expect((await t.request.get('/assets')).body.value[0].nombre).toBe('uno');
    await t.db.query("UPDATE assets SET dynamics_id = 'abc', nombre = 'dos' WHERE codigo_interno = 'RC-API'");
    expect((await t.request.get('/assets/RC-API')).body).toMatchObject({ nombre: 'dos', dynamics_id: 'abc' });
    expect((await t.request.get('/assets')).body.value[0].nombre).toBe('dos');
    await t.request.delete('/assets/RC-API').expect(204);
    await t.request.get('/assets/RC-API').expect(404);
  });

  it('a cached page still links to the host each client called', async () => {
    await t.request.post('/purchase-orders').send({ numero_requisicion: 'RC-P1', justificacion: 'x', total: 1 }).expect(201);
    await t.request.post('/purchase-orders').send({ numero_requisicion: 'RC-P2', justificacion: 'x', total: 1 }).expect(201);
    const a = await t.request.get('/purchase-orders?top=1').set('host', 'cmms-a.example.com').expect(200);
    const b = await t.request.get('/purchase-orders?top=1').set('host', 'cmms-b.example.com').expect(200);
    expect(a.body.nextLink).toMatch(/^http:\/\/cmms-a\.example\.com\//);
    expect(b.body.nextLink).toMatch(/^http:\/\/cmms-b\.example\.com\//);
  });
});

describe('cached reads on two instances of one database', () => {
  let inst: Instances;
  beforeAll(async () => {
    inst = await twoInstances();
  });
  afterAll(() => inst.close());

  it('a read on either instance after a committed write, on the other or behind the API, sees that write', async () => {
    const { a, b } = inst;
    await a.request.post('/assets').send({ codigo_interno: 'X-1', nombre: 'v0' }).expect(201);
    // Both instances have the record and the page cached before it changes.
    expect((await b.request.get('/assets/X-1').expect(200)).body.nombre).toBe('v0');
    expect((await b.request.get('/assets?top=5').expect(200)).body.value[0].nombre).toBe('v0');
    for (let i = 1; i <= 30; i++) {
      const [writer, reader] = i % 2 ? [a, b] : [b, a];
      if (i % 3 === 0) await writer.db.query("UPDATE assets SET nombre = $1, version = version + 1 WHERE codigo_interno = 'X-1'", [`v${i}`]);
      else await writer.request.patch('/assets/X-1').send({ nombre: `v${i}` }).expect(200);
      expect((await reader.request.get('/assets/X-1').expect(200)).body.nombre, `GetAsset after write ${i}`).toBe(`v${i}`);
      expect((await reader.request.get('/assets?top=5').expect(200)).body.value[0].nombre, `ListAssets after write ${i}`).toBe(`v${i}`);
    }
    await a.request.delete('/assets/X-1').expect(204);
    await b.request.get('/assets/X-1').expect(404);
    expect((await b.request.get('/assets?top=5').expect(200)).body.value).toEqual([]);
  });

  it('under concurrent reads, no read that starts after a write has answered returns an older version', async () => {
    const { a, b } = inst;
    await a.request.post('/assets').send({ codigo_interno: 'X-2', nombre: 'n0' }).expect(201);
    let committed = 0;
    let stop = false;
    const stale: string[] = [];
    const readers = Array.from({ length: 8 }, async () => {
      while (!stop) {
        const floor = committed;
        const res = await b.request.get('/assets/X-2').expect(200);
        if (Number(res.body.nombre.slice(1)) < floor) stale.push(`read n${floor} or later, got ${res.body.nombre}`);
      }
    });
    for (let i = 1; i <= 40; i++) {
      await a.request.patch('/assets/X-2').send({ nombre: `n${i}` }).expect(200);
      committed = i;
    }
    stop = true;
    await Promise.all(readers);
    expect(stale).toEqual([]);
  });
});
