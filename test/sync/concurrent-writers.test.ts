/**
 * Writers no longer wait for each other, so sequence numbers can commit out of order. The change
 * feed must still hand out every change once, in order: racing writers on two instances against a
 * feed reader, the reader never sees a sequence number lower than one it saw before, and in the
 * end has seen every one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { twoInstances, type Instances } from '../db/instances.ts';

let inst: Instances;
beforeAll(async () => {
  inst = await twoInstances();
});
afterAll(() => inst.close());

interface Page {
  items: { key: string; seq: number }[];
  cursor: string;
  hasMore: boolean;
}

describe('change feed under concurrent writers on two instances', () => {
  it('hands out every change in commit order: no sequence number skipped or seen out of order', async () => {
    const WRITERS = 16;
    const PER_WRITER = 40;
    let writing = true;
    const writers = Array.from({ length: WRITERS }, async (_, w) => {
      const api = w % 2 === 0 ? inst.a : inst.b;
      for (let i = 0; i < PER_WRITER; i++) {
        await api.request.post('/assets').send({ codigo_interno: `W${w}-${i}`, nombre: `writer ${w}` }).expect(201);
      }
    });
    const seen: number[] = [];
    const read = async (api: Instances['a']) => {
      const res = await api.request.get('/sync/assets/changes').query({ consumer: 'race', limit: 25 }).expect(200);
      const page = res.body as Page;
      seen.push(...page.items.map((i) => i.seq));
      if (page.items.length) await api.request.post('/sync/acknowledgements').send({ consumer: 'race', entity: 'assets', cursor: page.cursor }).expect(200);
      return page;
    };
    const reader = (async () => {
      let turn = 0;
      while (writing) await read(turn++ % 2 === 0 ? inst.b : inst.a);
    })();
    await Promise.all(writers);
    writing = false;
    await reader;
    while ((await read(inst.a)).hasMore);

    for (let i = 1; i < seen.length; i++) expect(seen[i], `item ${i} of the feed`).toBeGreaterThan(seen[i - 1]!);
    const all = await inst.a.db.query<{ seq: number }>("SELECT seq FROM change_log WHERE entity = 'assets' ORDER BY seq");
    expect(all.rows.map((r) => Number(r.seq))).toHaveLength(WRITERS * PER_WRITER);
    expect(seen).toEqual(all.rows.map((r) => Number(r.seq)));
  }, 120_000);
});
