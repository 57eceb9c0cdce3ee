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
    expect(stdout).toMatch(/msdyn_customerassets {2}\S+/);
    expect(stdout).toMatch(/cr123_purchaseorders {2}REQ-2026-\d{4}/);
    expect(stdout).toMatch(new RegExp(`Stand-in totals: ${assets[1]} assets, \\d+ purchase orders`));
  }, 60_000);
});
