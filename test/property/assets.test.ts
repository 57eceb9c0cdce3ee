/**
 * CreateAsset and UpdateAsset against bodies generated from their schemas in openapi.yaml: every
 * valid body is accepted and reads back exactly; a body with one field broken is refused with a
 * problem naming that field, and nothing is stored.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import documented from '../../api/src/sync/mappings/documented.json' with { type: 'json' };
import { createTestApp, type TestApp } from '../support/app.ts';
import { brokenBodies } from './broken.ts';
import { arbitraryFor, requestSchema, toJsonText, type Gen } from './spec-arbitrary.ts';
import { expectPatchReadsBack, expectPostReadsBack, expectRefused, getText, problemFields, PROPERTY_TIMEOUT, propertyParameters, send } from './support.ts';

/** The documented mapping with no column ownership: every field is the CMMS's to change. */
function mappingWithoutOwnership(): string {
  const doc = structuredClone(documented) as { entities: { assets: { columns: Record<string, unknown>[] } } };
  for (const c of doc.entities.assets.columns) delete c.owner;
  const file = join(mkdtempSync(join(tmpdir(), 'prop-mapping-')), 'unowned.json');
  writeFileSync(file, JSON.stringify(doc));
  return file;
}

let t: TestApp;
/** The default mapping, where Dynamics owns the book value (valor_libros). */
let owned: TestApp;
beforeAll(async () => {
  t = await createTestApp({ env: { MAPPING_FILE: mappingWithoutOwnership() } });
  owned = await createTestApp();
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

  it('with Dynamics owning the book value, a body changing valor_libros answers 409 naming it and its owner and changes nothing; any other body reads back', async () => {
    const ownedKey = 'PROP/OWN-1';
    const ownedPath = `/assets/${encodeURIComponent(ownedKey)}`;
    // Stored as null, so any number sent is a change and null is not.
    await owned.request.post('/assets').send({ codigo_interno: ownedKey, nombre: 'start' }).expect(201);
    await fc.assert(fc.asyncProperty(arbitraryFor(update), async (body) => {
      const sent = body as Record<string, Gen>;
      if ('valor_libros' in sent && sent.valor_libros !== null) {
        const before = await getText(owned, ownedPath);
        const res = await send(owned, 'patch', ownedPath, toJsonText(body));
        expect(res.status, res.text).toBe(409);
        expect(res.contentType).toMatch(/^application\/problem\+json/);
        expect(problemFields(res)).toContainEqual({ field: '/body/valor_libros', rule: 'owner' });
        expect((await getText(owned, ownedPath)).text).toBe(before.text);
      } else {
        await expectPatchReadsBack(owned, ownedPath, body);
      }
    }), propertyParameters('UpdateAsset owned'));
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
