import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../api/src/db/index.ts';
import { parseTimestamptz } from '../../api/src/db/pglite.ts';
import { createTestDb } from '../support/db.ts';

let db: Db;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(() => db.close());

describe('timestamptz values read back from the database', () => {
  const instants = ['0001-01-01T00:00:00.000Z', '0050-06-15T12:30:00.000Z', '0099-12-31T23:59:59.999Z', '1969-12-31T23:59:59.579Z', '2024-02-29T10:11:12.345Z', '9999-12-31T23:59:59.999Z'];
  for (const iso of instants) {
    it(`${iso} comes back as the same instant (years below 100 are not read as 19xx/20xx)`, async () => {
      const r = await db.query<{ t: Date }>('SELECT $1::timestamptz AS t', [new Date(iso)]);
      expect(r.rows[0]!.t.toISOString()).toBe(iso);
    });
  }

  it('parses PostgreSQL text with offsets, fractions and years below 100 exactly', () => {
    expect((parseTimestamptz('0050-01-01 00:00:00+00') as Date).toISOString()).toBe('0050-01-01T00:00:00.000Z');
    expect((parseTimestamptz('2024-01-01 05:30:00.579+05:30') as Date).toISOString()).toBe('2024-01-01T00:00:00.579Z');
    expect((parseTimestamptz('2024-01-01 00:00:00.123456-03') as Date).toISOString()).toBe('2024-01-01T03:00:00.123Z');
    expect((parseTimestamptz('1900-01-01 00:00:00+00:09:21') as Date).toISOString()).toBe('1899-12-31T23:50:39.000Z');
    expect(parseTimestamptz('infinity')).toBe('infinity');
  });
});
