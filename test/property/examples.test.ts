/**
 * Fixed examples of valid input beside the generated ones, so the promises below hold whatever
 * seed a run draws: every key character, text at maxLength in several scripts, each date form,
 * explicit nulls, amounts of every size. Each must be accepted and read back exactly.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { Dec, When, type Gen } from './spec-arbitrary.ts';
import { expectPatchReadsBack, expectPostReadsBack } from './support.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});

const at = (unit: string, n: number) => unit.repeat(n / [...unit].length);
const money = (text: string, exact = text) => new Dec(text, exact);
const when = (text: string, iso: string) => new When(text, Date.parse(iso));

describe('valid input examples', () => {
  it('accepts keys holding every character the key pattern admits, and reads them back at their URL', async () => {
    const keys = ['ABCDEFGHIJKLMNOPQRSTUVWXYZ._/-0123456789', 'abcdefghijklmnopqrstuvwxyz/._-9', '0', 'Z/', `A${'/'.repeat(49)}`, 'a..b', 'x-_./y'];
    for (const codigo_interno of keys) await expectPostReadsBack(t, '/assets', { codigo_interno, nombre: codigo_interno });
    for (const numero_requisicion of keys) await expectPostReadsBack(t, '/purchase-orders', { numero_requisicion, justificacion: 'j', total: money('1') });
  });

  it('accepts text exactly at maxLength in any script, emoji counting as one character', async () => {
    const scripts = ['😀', '中', 'ع', 'क्', 'é', '👍🏽', 'Ж', 'ｶ', '\u{10FFFD}'];
    for (const [i, unit] of scripts.entries()) {
      const n = [...unit].length === 2 ? 2 : 1;
      await expectPostReadsBack(t, '/assets', {
        codigo_interno: `TXT-${i}`, nombre: at(unit, 200 - (200 % n)), numero_de_serie: at(unit, 100 - (100 % n)), ubicacion: at(unit, 200 - (200 % n)),
        sitio: at(unit, 100 - (100 % n)), fabricante: at(unit, 100 - (100 % n)), modelo: at(unit, 100 - (100 % n)),
      });
      await expectPostReadsBack(t, '/purchase-orders', {
        numero_requisicion: `TXT-${i}`, justificacion: at(unit, 2000 - (2000 % n)), total: money('0'), solicitante: at(unit, 200 - (200 % n)),
        lineas: [{ descripcion: at(unit, 500 - (500 % n)), cantidad: money('1'), precio_unitario: money('0'), unidad: at(unit, 20 - (20 % n)), codigo_interno: at(unit, 50 - (50 % n)) }],
      });
    }
  });

  it('accepts every date form and reads back the same instant', async () => {
    const forms: When[] = [
      when('2024-02-29', '2024-02-29T00:00:00Z'), when('2024-03-01T10:15:30Z', '2024-03-01T10:15:30Z'),
      when('2024-03-01T10:15:30.123+05:30', '2024-03-01T04:45:30.123Z'), when('2024-03-01T10:15:30.1234567-03:00', '2024-03-01T13:15:30.123Z'),
      when('2024-03-01t10:15:30z', '2024-03-01T10:15:30Z'), when('2024-03-01 10:15', '2024-03-01T10:15:00Z'), when('2024-03-01T10:15:30+0530', '2024-03-01T04:45:30Z'),
      when('2024-03-01T10:15:30-08', '2024-03-01T18:15:30Z'), when('0001-01-01', '0001-01-01T00:00:00Z'), when('9999-12-31T23:59:59.999Z', '9999-12-31T23:59:59.999Z'),
    ];
    for (const [i, fecha] of forms.entries()) {
      await expectPostReadsBack(t, '/assets', { codigo_interno: `DATE-${i}`, nombre: 'n', fecha_adquisicion: fecha });
      await expectPostReadsBack(t, '/purchase-orders', { numero_requisicion: `DATE-${i}`, justificacion: 'j', total: money('1'), fecha_creacion: fecha });
    }
  });

  it('accepts explicit nulls on every nullable field, on create and on update', async () => {
    const nulls: Gen = { numero_de_serie: null, valor_adquisicion: null, valor_libros: null, fecha_adquisicion: null, sitio: null, ubicacion: null, categoria: null, fabricante: null, modelo: null };
    await expectPostReadsBack(t, '/assets', { codigo_interno: 'NULLS', nombre: 'n', ...nulls });
    // valor_libros starts null: Dynamics owns it, so UpdateAsset may only repeat its stored value.
    await expectPostReadsBack(t, '/assets', { codigo_interno: 'NULLS-2', nombre: 'n', numero_de_serie: 's', valor_adquisicion: money('5') });
    await expectPatchReadsBack(t, '/assets/NULLS-2', nulls);
    await expectPostReadsBack(t, '/purchase-orders', { numero_requisicion: 'NULLS', justificacion: 'j', total: money('1'), sitio: null, solicitante: null, proveedor: null });
    await expectPatchReadsBack(t, '/purchase-orders/NULLS', { sitio: null, solicitante: null, proveedor: null });
  });

  it('accepts amounts of every size with 0 to 4 places in any JSON spelling', async () => {
    const amounts = [money('0'), money('0.0001'), money('0.1'), money('0.01'), money('45230.17'), money('1234567.89'), money('99999999.99'), money('4547047.52'),
      money('12345678901234.5678'), money('922337203685477'), money('922337203685477.0000', '922337203685477'), money('1.5e3', '1500'), money('12345E-4', '1.2345'), money('100.10', '100.1')];
    for (const [i, amount] of amounts.entries()) {
      await expectPostReadsBack(t, '/assets', { codigo_interno: `AMT-${i}`, nombre: 'n', valor_adquisicion: amount, valor_libros: amount });
      await expectPostReadsBack(t, '/purchase-orders', {
        numero_requisicion: `AMT-${i}`, justificacion: 'j', total: amount,
        lineas: [{ descripcion: 'd', cantidad: amount.exact === '0' ? money('0.0001') : amount, precio_unitario: amount }],
      });
    }
    expect(await t.db.query('SELECT count(*)::int AS n FROM assets WHERE codigo_interno LIKE $1', ['AMT-%'])).toMatchObject({ rows: [{ n: amounts.length }] });
  });
});
