/** `npm run solution` as a user runs it: the mapping chosen on the command line, and refusals that name the fault. */
import { execFile } from 'node:child_process';
import { mkdtempSync as makeTemp, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { readZip } from '../../scripts/solution/zip.ts';
import { ROOT } from './helpers.ts';

const temps: string[] = [];
const mkdtempSync = (prefix: string) => {
  const d = makeTemp(prefix);
  temps.push(d);
  return d;
};
afterAll(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

const run = async (...args: string[]) => {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['scripts/solution/pack.ts', ...args], { cwd: ROOT });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
};
const flowsOf = (dir: string) => {
  const zip = readZip(new Uint8Array(readFileSync(join(dir, 'EnergyCmmsSync_1_0_0_0.zip'))));
  return [...zip].filter(([n]) => n.startsWith('Workflows/')).map(([, b]) => new TextDecoder().decode(b)).join('\n');
};

describe('npm run solution', () => {
  it('with --mapping field-service, --purchase-order-table and --interval-minutes, writes them into the flows', async () => {
    const out = mkdtempSync(join(tmpdir(), 'pack-fs-'));
    const r = await run('--mapping', 'field-service', '--interval-minutes', '30', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('flows generated for mapping field-service: assets → msdyn_customerasset, purchase orders → msdyn_purchaseorder');
    const flows = flowsOf(out);
    expect(flows).toContain('"subscriptionRequest/filteringattributes": "msdyn_systemstatus"');
    expect(flows).toContain(`concat('msdyn_assettag='''`);
    expect(flows).toContain('"interval": 30');
    const custom = mkdtempSync(join(tmpdir(), 'pack-doc-'));
    expect((await run('--purchase-order-table', 'cr9_requisition', '--out', custom)).code).toBe(0);
    expect(flowsOf(custom)).toContain('"entityName": "cr9_requisitions"');
  });

  it('takes a mapping file in the MAPPING_FILE form', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pack-file-'));
    const mapping = JSON.parse(readFileSync(join(ROOT, 'api', 'src', 'sync', 'mappings', 'field-service.json'), 'utf8'));
    mapping.entities.assets.columns.push({ source: 'fabricante', column: 'cr9_manufacturer', type: 'string' });
    writeFileSync(join(dir, 'mine.json'), JSON.stringify(mapping));
    const r = await run('--mapping', join(dir, 'mine.json'), '--out', join(dir, 'out'));
    expect(r.code, r.stderr).toBe(0);
    expect(flowsOf(join(dir, 'out'))).toContain(`"item/cr9_manufacturer": "@items('For_each_change')?['record']?['cr9_manufacturer']"`);
  });

  it('refuses an unknown preset, a mapping the API would refuse, and a bad interval, naming each, with exit 1', async () => {
    const unknown = await run('--mapping', 'nope', '--out', mkdtempSync(join(tmpdir(), 'pack-x-')));
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/--mapping "nope" is neither a preset \(cmms-tables, documented, field-service.*\) nor a mapping file/);
    const dir = mkdtempSync(join(tmpdir(), 'pack-bad-'));
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ entities: { assets: { logicalName: 'a', entitySet: 'as', keyColumn: 'k', columns: [] } } }));
    const bad = await run('--mapping', join(dir, 'bad.json'), '--out', dir);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/is invalid:\n {2}\/entities must have required property 'purchaseOrders'/);
    const interval = await run('--interval-minutes', '0', '--out', dir);
    expect(interval.code).toBe(1);
    expect(interval.stderr).toMatch(/--interval-minutes 0 must be a whole number from 1 to 44640/);
  });
});
