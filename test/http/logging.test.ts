/**
 * The request log as an operator reads it: one JSON line per request carrying the request id
 * (Power Automate's own ids when it sends them), and never a credential.
 */
import { connect } from 'node:net';
import { Writable } from 'node:stream';
import type supertest from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../api/src/http/logging.ts';
import { createTestApp } from '../support/app.ts';

const API_KEY = 'k3y-that-must-never-be-logged-0123456789';
const lines: Record<string, unknown>[] = [];
let request: supertest.Agent;
let app: import('express').Express;

beforeAll(async () => {
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString('utf8').split('\n')) if (l) lines.push(JSON.parse(l) as Record<string, unknown>);
      done();
    },
  });
  ({ request, app } = await createTestApp({ env: { AUTH_MODE: 'apikey', API_KEYS: API_KEY }, logger: createLogger('info', sink) }));
});

function logged(id: string): Record<string, unknown> {
  const line = lines.find((l) => (l.req as { id?: string } | undefined)?.id === id);
  expect(line, `a log line for request ${id}`).toBeDefined();
  return line!;
}

describe('request logs', () => {
  it('logs each request once with the Power Automate tracking id, and echoes both its tracking and correlation ids', async () => {
    const res = await request.get('/assets?top=1').set('X-API-Key', API_KEY)
      .set('x-ms-client-tracking-id', 'flow-run-77').set('x-ms-correlation-request-id', 'corr-88');
    expect(res.status).toBe(200);
    expect(res.headers['x-ms-client-tracking-id']).toBe('flow-run-77');
    expect(res.headers['x-ms-correlation-request-id']).toBe('corr-88');
    expect(res.headers['x-request-id']).toBe('flow-run-77');
    const line = logged('flow-run-77');
    expect(line.req).toMatchObject({ method: 'GET', correlationId: 'corr-88' });
    expect(line.res).toMatchObject({ statusCode: 200 });
  });

  it('never writes the API key, a bearer token or a secret query value to the log', async () => {
    await request.get('/assets?top=1&code=query-secret-555').set('X-API-Key', API_KEY).set('Authorization', 'Bearer tok.en.value-999')
      .set('x-ms-client-tracking-id', 'flow-run-secret').expect(200);
    await request.get('/assets?top=1').set('X-API-Key', `${API_KEY}-wrong`).set('x-ms-client-tracking-id', 'flow-run-refused').expect(401);
    logged('flow-run-secret');
    logged('flow-run-refused');
    const text = JSON.stringify(lines);
    expect(text).not.toContain(API_KEY);
    expect(text).not.toContain('tok.en.value-999');
    expect(text).not.toContain('query-secret-555');
  });

  it('an unsafe id header is not echoed or logged; a fresh request id is used', async () => {
    const res = await request.get('/assets?top=1').set('X-API-Key', API_KEY).set('x-ms-client-tracking-id', 'a"}{"injected":1').expect(200);
    expect(res.headers['x-ms-client-tracking-id']).toBeUndefined();
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.stringify(lines)).not.toContain('injected');
  });

  it('logs a request whose client went away before the answer as aborted, with its id', async () => {
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const socket = connect((server.address() as { port: number }).port, '127.0.0.1');
      await new Promise((resolve) => socket.once('connect', resolve));
      // A body announced but never sent in full: the API is still reading it when the client leaves.
      socket.write('POST /assets HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nX-API-Key: ' + API_KEY +
        '\r\nx-ms-client-tracking-id: flow-run-gone\r\nContent-Length: 100\r\n\r\n{"codigo_interno":');
      await new Promise((resolve) => setTimeout(resolve, 100));
      socket.destroy();
      await expect.poll(() => lines.some((l) => (l.req as { id?: string } | undefined)?.id === 'flow-run-gone'), { timeout: 5_000 }).toBe(true);
      expect(logged('flow-run-gone').msg).toBe('request aborted');
    } finally {
      server.close();
    }
  });
});

describe('request lines written straight to the output', () => {
  it('are the lines pino writes for the same requests: same fields, same order, same levels', async () => {
    const { default: express } = await import('express');
    const { requestLogger } = await import('../../api/src/http/logging.ts');
    const viaPino: string[] = [];
    const direct: string[] = [];
    const capture = (into: string[]) => new Writable({
      write(chunk: Buffer, _enc, done) {
        into.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    const appFor = (log: ReturnType<typeof requestLogger>) => {
      const a = express();
      a.use(log);
      a.get('/ok', (_req, res) => void res.json({ ok: true }));
      a.get('/missing', (_req, res) => void res.status(404).end());
      a.get('/broken', (_req, res) => void res.status(500).end());
      return a;
    };
    const pinoApp = appFor(requestLogger(createLogger('info', capture(viaPino))));
    const directApp = appFor(requestLogger(createLogger('info', capture([])), (line) => direct.push(line.replace(/\n$/, ''))));
    const { default: supertestFn } = await import('supertest');
    for (const target of [pinoApp, directApp]) {
      const agent = supertestFn(target);
      await agent.get('/ok?top=1&code=secret-value&x=%22quoted%22').set('x-ms-client-tracking-id', 'same-1').set('x-ms-correlation-request-id', 'corr-9');
      await agent.get('/missing').set('x-ms-client-tracking-id', 'same-2');
      await agent.get('/broken').set('x-ms-client-tracking-id', 'same-3');
    }
    await expect.poll(() => viaPino.length).toBe(3);
    // Only the clock differs between the two runs.
    const normalized = (l: string) => l.replace(/"time":\d+/, '"time":0').replace(/"responseTime":\d+/, '"responseTime":0');
    expect(direct.map(normalized)).toEqual(viaPino.map(normalized));
    expect(viaPino.map((l) => (JSON.parse(l) as { level: number }).level)).toEqual([30, 40, 50]);
    expect(viaPino.join('\n')).not.toContain('secret-value');
  });
});
