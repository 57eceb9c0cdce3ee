import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer } from '../support/process.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'cmms-start-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('npm start on a fresh machine', () => {
  it('serves demo data from an empty DATA_DIR, keeps it across a restart, and stops cleanly on SIGTERM', async () => {
    const first = await startServer({ DATA_DIR: dataDir, RUN_WORKERS: 'false' });
    try {
      expect(first.output()).toContain('AUTH_MODE is not set');
      const assets = await (await fetch(`${first.url}/assets?top=1000`)).json() as { value: { categoria: string }[] };
      expect(assets.value.length).toBeGreaterThanOrEqual(50);
      expect(new Set(assets.value.map((a) => a.categoria))).toEqual(new Set(['transformador', 'turbina', 'inversor', 'interruptor', 'subestacion', 'generador', 'medidor', 'banco_baterias']));
      const pos = await (await fetch(`${first.url}/purchase-orders?top=1000`)).json() as { value: { estado: string }[] };
      expect(new Set(pos.value.map((p) => p.estado)).size).toBe(7);
      const created = await fetch(`${first.url}/assets`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ codigo_interno: 'KEEP-1', nombre: 'Kept' }) });
      expect(created.status).toBe(201);
      expect(await first.kill('SIGTERM')).toBe(0);
    } finally {
      await first.kill('SIGKILL');
    }
    const second = await startServer({ DATA_DIR: dataDir, RUN_WORKERS: 'false' });
    try {
      expect(second.output()).not.toContain('demo data loaded');
      expect((await fetch(`${second.url}/assets/KEEP-1`)).status).toBe(200);
      expect((await fetch(`${second.url}/docs`)).status).toBe(200);
    } finally {
      await second.kill('SIGKILL');
    }
  }, 120_000);

  it('refuses to start on a public address without authentication, naming AUTH_MODE', async () => {
    await expect(startServer({ DATA_DIR: dataDir, HOST: '0.0.0.0', AUTH_MODE: 'none' }, 20_000)).rejects.toThrow(/AUTH_MODE/);
  });

  it('when the port is taken, exits with the listen error named, not a crash in its own code', async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const port = String((holder.address() as { port: number }).port);
    try {
      const started = startServer({ DATA_DIR: dataDir, PORT: port, RUN_WORKERS: 'false' }, 30_000);
      await expect(started).rejects.toThrow(/exited with 1[\s\S]*EADDRINUSE/);
      await expect(started).rejects.not.toThrow(/TypeError/);
    } finally {
      holder.close();
    }
  }, 60_000);
});
