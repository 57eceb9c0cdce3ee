/** Bench fixtures: `n` assets and one logged change each, written in one transaction with SQL. */
import type { Db } from '../../api/src/db/index.ts';

export async function fillAssetChanges(db: Db, prefix: string, n: number, origin = 'cmms'): Promise<number> {
  const started = performance.now();
  await db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO assets (codigo_interno, nombre, numero_de_serie, valor_adquisicion, valor_libros, fecha_adquisicion)
       SELECT $2 || lpad(i::text, 7, '0'), 'Bench asset ' || i, 'SN' || i, (i * 10.25)::numeric, (i * 5.5)::numeric, now()
         FROM generate_series(1, $1::int) AS i`,
      [n, prefix],
    );
    // Through the change log's insert triggers, as a real write.
    await tx.query(
      `INSERT INTO change_log (entity, record_key, operation, version, origin)
       SELECT 'assets', $2 || lpad(i::text, 7, '0'), 'upsert', 1, $3 FROM generate_series(1, $1::int) AS i`,
      [n, prefix, origin],
    );
  });
  return (performance.now() - started) / 1000;
}
