/**
 * `npm run solution`: packs solution/connector and solution/sync into dist/solution/ as managed
 * and unmanaged zips plus deployment-settings files.
 *   --connector-internal-id shared_…   the connector's API name in the target environment
 *   --out <dir>                          output folder (default dist/solution)
 */
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { packSolutions } from './pack-lib.ts';

const { values } = parseArgs({
  options: { 'connector-internal-id': { type: 'string' }, out: { type: 'string' } },
});
const root = resolve(import.meta.dirname, '..', '..');
try {
  const result = packSolutions({
    root,
    outDir: values.out ? resolve(values.out) : undefined,
    connectorInternalId: values['connector-internal-id'],
  });
  for (const z of result.zips) {
    const sha = createHash('sha256').update(z.bytes).digest('hex').slice(0, 16);
    console.log(`${z.path}  ${z.bytes.length} bytes  sha256:${sha}…`);
  }
  for (const s of result.settings) console.log(`${s.path}  (deployment settings for ${s.solution})`);
} catch (e) {
  console.error(`solution packing failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
}
