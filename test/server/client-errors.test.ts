/**
 * Requests Node's HTTP parser refuses before Express sees them still get a problem+json answer,
 * as the real server (server.ts) wires it. These need a listening socket, so the app is served on
 * 127.0.0.1 port 0 and spoken to with raw bytes.
 */
import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerClientErrors } from '../../api/src/http/problem.ts';
import { createTestApp } from '../support/app.ts';

let server: Server;
let port: number;

beforeAll(async () => {
  const t = await createTestApp();
  server = createServer(t.app);
  answerClientErrors(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function rawRequest(text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let out = '';
    socket.on('data', (d) => (out += d.toString('utf8')));
    socket.on('end', () => resolve(out));
    socket.on('error', (e) => (out ? resolve(out) : reject(e)));
    socket.write(text);
  });
}

function parse(response: string): { status: number; contentType: string; body: { code: string; errors?: { field: string; rule: string }[] } } {
  const [head, body] = response.split('\r\n\r\n');
  return {
    status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head ?? '')?.[1]),
    contentType: /content-type: ([^\r]+)/i.exec(head ?? '')?.[1] ?? '',
    body: JSON.parse(body ?? '{}'),
  };
}

describe('requests the HTTP parser refuses', () => {
  it('when a header value holds a control character, answers 400 problem+json naming the headers', async () => {
    const res = parse(await rawRequest('PATCH /assets/X HTTP/1.1\r\nHost: 127.0.0.1\r\nIf-Match: "\x01"\r\n\r\n'));
    expect(res.status).toBe(400);
    expect(res.contentType).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.errors).toContainEqual(expect.objectContaining({ field: '/header', rule: 'http' }));
  });

  it('when the headers are over the size limit (a huge If-Match), answers 431 problem+json', async () => {
    const res = parse(await rawRequest(`PATCH /assets/X HTTP/1.1\r\nHost: 127.0.0.1\r\nIf-Match: "${'9'.repeat(60_000)}"\r\n\r\n`));
    expect(res.status).toBe(431);
    expect(res.contentType).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ code: 'HEADERS_TOO_LARGE', errors: [{ field: '/header', rule: 'maxLength' }] });
  });

  it('a well-formed request on the same server is answered normally', async () => {
    const res = parse(await rawRequest('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n'));
    expect(res.status).toBe(200);
  });
});
