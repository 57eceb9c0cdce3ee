/**
 * CreatePurchaseOrder and UpdatePurchaseOrder against bodies generated from their schemas in
 * openapi.yaml. Two rules the schema cannot state are kept by the generator, as the spec's
 * descriptions state them: line numbers do not repeat and unnumbered lines are numbered on from
 * the highest (PurchaseOrderLine.linea), and a status moves only along the approval process.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { NEXT } from './approval.ts';
import { brokenBodies } from './broken.ts';
import { arbitraryFor, requestSchema, resolve, toJsonText, type Gen } from './spec-arbitrary.ts';
import { expectPatchReadsBack, expectPostReadsBack, expectRefused, getText, PROPERTY_TIMEOUT, propertyParameters, send } from './support.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});

const create = requestSchema('CreatePurchaseOrder');
const update = requestSchema('UpdatePurchaseOrder');

/** Lines whose numbers neither repeat nor run past the schema's maximum once numbered. */
function numberable(lines: Gen[], maximum: number): boolean {
  const seen = new Set<number>();
  for (const line of lines as { linea?: number }[]) {
    const n = line.linea ?? (seen.size ? Math.max(...seen) + 1 : 1);
    if (seen.has(n) || n > maximum) return false;
    seen.add(n);
  }
  return true;
}

const lineSchema = resolve(resolve(resolve(create.properties as object).lineas ?? {}).items);
const lineMaximum = (resolve((lineSchema.properties as Record<string, unknown>).linea).maximum as number);
const lineas = (fc.array(arbitraryFor(lineSchema), { maxLength: 3 }) as fc.Arbitrary<Gen[]>).filter((l) => numberable(l, lineMaximum));
const options = { overrides: { lineas } };

async function rows(): Promise<number> {
  return (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM purchase_orders')).rows[0]!.n;
}

describe('CreatePurchaseOrder with bodies generated from PurchaseOrderCreate', () => {
  it('accepts every valid body with 201 and reads it back exactly, from the answer and from GetPurchaseOrder', async () => {
    await fc.assert(fc.asyncProperty(arbitraryFor(create, options), async (body) => {
      const key = (body as { numero_requisicion: string }).numero_requisicion;
      await t.db.query('DELETE FROM purchase_orders WHERE numero_requisicion = $1', [key]);
      await expectPostReadsBack(t, '/purchase-orders', body);
    }), propertyParameters('CreatePurchaseOrder valid'));
  }, PROPERTY_TIMEOUT);

  it('when one field is broken, answers 400 problem+json naming that field and its rule, and stores nothing', async () => {
    await fc.assert(fc.asyncProperty(brokenBodies(create, options), async (broken) => {
      const before = await rows();
      const res = await send(t, 'post', '/purchase-orders', toJsonText(broken.body));
      expectRefused(res, broken);
      expect(await rows()).toBe(before);
    }), propertyParameters('CreatePurchaseOrder broken'));
  }, PROPERTY_TIMEOUT);
});

describe('UpdatePurchaseOrder with bodies generated from PurchaseOrderUpdate', () => {
  const key = 'PROP/UPD-PO';
  const path = `/purchase-orders/${encodeURIComponent(key)}`;
  beforeAll(async () => {
    await t.request.post('/purchase-orders').send({ numero_requisicion: key, justificacion: 'start', total: 1 }).expect(201);
  });

  /** Puts the order in a status the body's estado may follow (or equals), as setup. */
  async function prepare(body: Gen, choice: number): Promise<void> {
    const target = (body as { estado?: string }).estado;
    const from = target === undefined ? 'borrador' : [target, ...Object.keys(NEXT).filter((s) => NEXT[s]!.includes(target))][choice % 2 === 0 ? 0 : 1] ?? target;
    await t.db.query('UPDATE purchase_orders SET estado = $2 WHERE numero_requisicion = $1', [key, from]);
  }

  it('accepts every valid body with 200, changes exactly the fields sent, reads them back exactly, and the same body again changes nothing', async () => {
    await fc.assert(fc.asyncProperty(arbitraryFor(update, options), fc.nat(), async (body, choice) => {
      await prepare(body, choice);
      await expectPatchReadsBack(t, path, body);
    }), propertyParameters('UpdatePurchaseOrder valid'));
  }, PROPERTY_TIMEOUT);

  it('when one field is broken, answers 400 problem+json naming that field and its rule, and changes nothing', async () => {
    await fc.assert(fc.asyncProperty(brokenBodies(update, options), async (broken) => {
      const before = await getText(t, path);
      const res = await send(t, 'patch', path, toJsonText(broken.body));
      expectRefused(res, broken);
      expect((await getText(t, path)).text).toBe(before.text);
    }), propertyParameters('UpdatePurchaseOrder broken'));
  }, PROPERTY_TIMEOUT);
});
