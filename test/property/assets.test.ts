/**
 * CreateAsset and UpdateAsset against bodies generated from their schemas in openapi.yaml: every
 * valid body is accepted and reads back exactly; a body with one field broken is refused with a
 * problem naming that field, and nothing is stored.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { brokenBodies } from './broken.ts';
import { arbitraryFor, requestSchema, toJsonText } from './spec-arbitrary.ts';
import { expectPatchReadsBack, expectPostReadsBack, expectRefused, getText, PROPERTY_TIMEOUT, propertyParameters, send } from './support.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});

const create = requestSchema('CreateAsset');
const update = requestSchema('UpdateAsset');

async function rows(): Promise<number> {
  return (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM assets')).rows[0]!.n;
}

describe('CreateAsset with bodies generated from AssetCreate', () => {
  it('accepts every valid body with 201 and reads it back exactly, from the answer and from GetAsset', async () => {
    await fc.assert(fc.asyncProperty(arbitraryFor(create), async (body) => {
      const key = (body as { codigo_interno: string }).codigo_interno;
      await t.db.query('DELETE FROM assets WHERE codigo_interno = $1', [key]);
      await expectPostReadsBack(t, '/assets', body);
    }), propertyParameters('CreateAsset valid'));
  }, PROPERTY_TIMEOUT);

  it('when one field is broken, answers 400 problem+json naming that field and its rule, and stores nothing', async () => {
    await fc.assert(fc.asyncProperty(brokenBodies(create), async (broken) => {
      const before = await rows();
      const res = await send(t, 'post', '/assets', toJsonText(broken.body));
      expectRefused(res, broken);
      expect(await rows()).toBe(before);
    }), propertyParameters('CreateAsset broken'));
  }, PROPERTY_TIMEOUT);
});

describe('UpdateAsset with bodies generated from AssetUpdate', () => {
  const key = 'PROP/UPD-1';
  const path = `/assets/${encodeURIComponent(key)}`;
  beforeAll(async () => {
    await t.request.post('/assets').send({ codigo_interno: key, nombre: 'start' }).expect(201);
  });

  it('accepts every valid body with 200, changes exactly the fields sent, reads them back exactly, and the same body again changes nothing', async () => {
    await fc.assert(fc.asyncProperty(arbitraryFor(update), async (body) => {
      await expectPatchReadsBack(t, path, body);
    }), propertyParameters('UpdateAsset valid'));
  }, PROPERTY_TIMEOUT);

  it('when a text field changes from "1" to "1.0", stores the new text (text is not compared as a number)', async () => {
    await t.request.patch(path).send({ numero_de_serie: '1' }).expect(200);
    const res = await t.request.patch(path).send({ numero_de_serie: '1.0' }).expect(200);
    expect(res.body.numero_de_serie).toBe('1.0');
  });

  it('when one field is broken, answers 400 problem+json naming that field and its rule, and changes nothing', async () => {
    await fc.assert(fc.asyncProperty(brokenBodies(update), async (broken) => {
      const before = await getText(t, path);
      const res = await send(t, 'patch', path, toJsonText(broken.body));
      expectRefused(res, broken);
      expect((await getText(t, path)).text).toBe(before.text);
    }), propertyParameters('UpdateAsset broken'));
  }, PROPERTY_TIMEOUT);
});
