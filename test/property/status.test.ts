/**
 * SetPurchaseOrderStatus against bodies generated from StatusReport in openapi.yaml. What the
 * schema cannot say is kept as its description says it: exactly one of estado and statuscode, a
 * statuscode among the option values the API lists (ListPurchaseOrderStatuses), and a status
 * that follows the approval process from the order's current one.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { NEXT } from './approval.ts';
import { brokenBodies } from './broken.ts';
import { arbitraryFor, requestSchema, toJsonText, type Gen } from './spec-arbitrary.ts';
import { expectRefused, getText, PROPERTY_TIMEOUT, propertyParameters, send } from './support.ts';

let t: TestApp;
let options: { estado: string; statuscode: number }[];
const key = 'PROP/STATUS-1';
const path = `/purchase-orders/${encodeURIComponent(key)}`;
beforeAll(async () => {
  t = await createTestApp();
  options = (await t.request.get('/purchase-order-statuses').expect(200)).body.value;
  await t.request.post('/purchase-orders').send({ numero_requisicion: key, justificacion: 'start', total: 1 }).expect(201);
});

const schema = requestSchema('SetPurchaseOrderStatus');
const exactlyOne = (b: Gen) => ('estado' in (b as object)) !== ('statuscode' in (b as object));

/** The estados a report names: its estado, or those sharing its option value. */
function named(body: { estado?: string; statuscode?: number }): string[] {
  return body.estado !== undefined ? [body.estado] : options.filter((o) => o.statuscode === body.statuscode).map((o) => o.estado);
}

/** Sets the order (as setup) to a status the report agrees with or may move from. */
async function prepare(candidates: string[], choice: number): Promise<string> {
  const froms = [...candidates, ...Object.keys(NEXT).filter((s) => candidates.some((c) => NEXT[s]!.includes(c)))];
  const from = froms[choice % froms.length]!;
  await t.db.query('UPDATE purchase_orders SET estado = $2, dynamics_status_modified_on = NULL WHERE numero_requisicion = $1', [key, from]);
  return from;
}

describe('SetPurchaseOrderStatus with bodies generated from StatusReport', () => {
  it('applies every valid report along the approval process, or says it is unchanged, and the order reads back in that status', async () => {
    const statuscode = fc.constantFrom(...options.map((o) => o.statuscode));
    await fc.assert(fc.asyncProperty(arbitraryFor(schema, { overrides: { statuscode } }).filter(exactlyOne), fc.nat(), async (body, choice) => {
      const candidates = named(body as { estado?: string; statuscode?: number });
      const from = await prepare(candidates, choice);
      const res = await send(t, 'post', `${path}/status`, toJsonText(body));
      expect(res.status, res.text).toBe(200);
      expect(res.body.applied).toBe(!candidates.includes(from));
      expect(candidates).toContain(res.body.estado);
      expect((await getText(t, path)).body.estado).toBe(res.body.estado);
    }), propertyParameters('SetPurchaseOrderStatus valid'));
  }, PROPERTY_TIMEOUT);

  it('when one field is broken, answers 400 problem+json naming that field and its rule, and changes nothing', async () => {
    const statuscode = fc.constantFrom(...options.map((o) => o.statuscode));
    const broken = brokenBodies(schema, { overrides: { statuscode } }).filter((b) => Object.keys(b.body as object).length > 0);
    await fc.assert(fc.asyncProperty(broken, async (b) => {
      const before = await getText(t, path);
      const res = await send(t, 'post', `${path}/status`, toJsonText(b.body));
      expectRefused(res, b);
      expect((await getText(t, path)).text).toBe(before.text);
    }), propertyParameters('SetPurchaseOrderStatus broken'));
  }, PROPERTY_TIMEOUT);
});
