import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';

const root = new URL('../..', import.meta.url).pathname;

function demo(args: string[]): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['scripts/demo.ts', ...args], {
      cwd: root, env: { PATH: process.env.PATH ?? '' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.on('error', reject);
    child.on('close', (exit) => resolve({ code: exit, stdout: out }));
  });
}

describe('npm run demo', () => {
  it('when port 3000 is taken (npm start in another terminal), the demo takes a free port and still succeeds', async () => {
    // Hold 3000 if it is free; if something else holds it, it is taken all the same.
    const holder = createServer();
    await new Promise<void>((resolve) => holder.once('error', () => resolve()).listen(3000, '127.0.0.1', () => resolve()));
    try {
      const { code, stdout } = await demo(['--once', '--latency-ms', '1']);
      expect(code, stdout).toBe(0);
      expect(stdout).toMatch(/Port 3000 is in use/);
      expect(stdout).toMatch(/Energy CMMS API on http:\/\/127\.0\.0\.1:(?!3000\b)\d+/);
      expect(stdout).toMatch(/→ 200: succeeded/);
    } finally {
      await new Promise<void>((resolve) => (holder.listening ? holder.close(() => resolve()) : resolve()));
    }
  }, 60_000);

  it('with --once, starts the stand-in and the API, syncs the demo assets and purchase orders through the API, shows rows that arrived and exits 0', async () => {
    const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>((resolve, reject) => {
      const child = spawn(process.execPath, ['scripts/demo.ts', '--once', '--port', '0', '--latency-ms', '1'], {
        cwd: root, env: { PATH: process.env.PATH ?? '' }, stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (out += c.toString()));
      child.on('error', reject);
      child.on('close', (exit) => resolve({ code: exit, stdout: out }));
    });
    expect(code, stdout).toBe(0);
    expect(stdout).toMatch(/POST \/sync\/jobs \{"entity":"assets","mode":"full"\} → 202, Location http:\/\/127\.0\.0\.1:\d+\/sync\/jobs\//);
    const assets = /→ 200: succeeded, (\d+) written, 0 failed of (\d+)/.exec(stdout)!;
    expect(Number(assets[1])).toBeGreaterThan(0);
    expect(assets[1]).toBe(assets[2]);
    // The default mapping writes to the tables the solutions ship, every mapped column filled.
    expect(stdout).toMatch(/mapping cmms-tables: tables cmms_assets, cmms_purchaserequisitions/);
    expect(stdout).toMatch(/cmms_assets {2}cmms_assetnumber=\S+/);
    expect(stdout).toMatch(/cmms_purchaserequisitions {2}cmms_name=REQ-2026-\d{4}/);
    const totals = /Stand-in totals: (\d+) assets \((\d+) with every column the sync writes filled\), (\d+) purchase orders \((\d+) with every column the sync writes filled\)/.exec(stdout)!;
    expect(totals[1]).toBe(assets[1]);
    expect(totals[2]).toBe(totals[1]);
    expect(totals[4]).toBe(totals[3]);
    // Every one of the seven status reasons holds some of the demo's requisitions.
    const byStatus = /Purchase orders by statuscode: (.*)/.exec(stdout)![1]!;
    for (const [label, value] of [['Draft', 613540000], ['Pending approval', 613540001], ['Approved', 613540002], ['Rejected', 613540003], ['Ordered', 613540004], ['Received', 613540005], ['Cancelled', 613540006]] as const) {
      expect(byStatus).toMatch(new RegExp(`${label} \\(${value}\\) [1-9]`));
    }
  }, 60_000);

  it('with --mapping field-service, creates the keys, binds the vendor and the currency, and lands every demo record in the Field Service tables', async () => {
    const { code, stdout } = await demo(['--once', '--port', '0', '--latency-ms', '0', '--mapping', 'field-service']);
    expect(code, stdout).toBe(0);
    expect(stdout).toMatch(/Alternate key \S+ on msdyn_customerasset\.msdyn_assettag: created, Active/);
    expect(stdout).toMatch(/Vendor account [0-9a-f-]{36} and currency USD bound on every purchase order/);
    const totals = /Stand-in totals: (\d+) assets \((\d+) with every column the sync writes filled\), (\d+) purchase orders \((\d+) with every column the sync writes and every lookup filled\)/.exec(stdout)!;
    expect(Number(totals[1])).toBeGreaterThan(0);
    expect(totals[2]).toBe(totals[1]);
    expect(totals[4]).toBe(totals[3]);
    expect(stdout).toMatch(/Purchase orders by msdyn_systemstatus: Draft \(690970000\) [1-9]\d*, Submitted \(690970001\) [1-9]\d*, Canceled \(690970002\) [1-9]\d*, Products Received \(690970003\) [1-9]/);
  }, 60_000);
});
