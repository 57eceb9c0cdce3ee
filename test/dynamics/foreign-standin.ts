/**
 * A second, deliberately plain Dataverse stand-in, written apart from scripts/dataverse-standin
 * and sharing no code with it, so the client is proven against a service it was not tuned to. It
 * serves only what the real services must: Entra ID's v2.0 token endpoint (no OpenID discovery
 * document: every other Entra path is a 404 page), and the Web API's PATCH by alternate key,
 * `$batch` (CRLF only, change sets atomic), optionally `UpsertMultiple` (else 501 in plain text),
 * and keyed `$filter` reads paged two rows at a time. No `Prefer` is honoured, no dop hint is sent.
 */
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';

export interface ForeignOptions {
  cert: { key: string; cert: string };
  entitySet: string;
  logicalName: string;
  keyColumn: string;
  upsertMultiple: boolean;
}

type Row = Record<string, unknown>;
interface Answer { status: number; headers?: Record<string, string>; body?: string }

export interface ForeignStandin {
  url: string;
  host: string;
  tenant: string;
  clientId: string;
  secret: string;
  rows: Map<string, Row>;
  /** Every request as `METHOD path` (query left off). */
  hits: string[];
  close(): Promise<void>;
}

const API = '/api/data/v9.2/';
const json = (status: number, body: unknown): Answer => ({ status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const fail = (status: number, code: string, message: string) => json(status, { error: { code, message } });

export async function startForeignStandin(o: ForeignOptions): Promise<ForeignStandin> {
  const tenant = randomUUID();
  const clientId = randomUUID();
  const secret = `s3cr3t~${randomUUID()}`;
  const rows = new Map<string, Row>();
  const tokens = new Set<string>();
  const hits: string[] = [];
  let origin = '';
  const pk = `${o.logicalName}id`;

  function write(key: string, body: Row, into: Map<string, Row>): Answer {
    const bad = Object.keys(body).find((k) => k.startsWith('bad_'));
    if (bad) return fail(400, '0x0', `Invalid property '${bad}' was found in entity 'Microsoft.Dynamics.CRM.${o.logicalName}'.`);
    const id = (into.get(key.toLowerCase())?.[pk] as string | undefined) ?? randomUUID();
    into.set(key.toLowerCase(), { ...into.get(key.toLowerCase()), ...body, [o.keyColumn]: key, [pk]: id });
    return { status: 204, headers: { 'OData-EntityId': `${origin}${API}${o.entitySet}(${o.keyColumn}='${encodeURIComponent(key)}')` } };
  }

  /** `set(col='v')` → v, or undefined when the path is not this table's key form. */
  function keyOf(path: string): string | undefined {
    const m = new RegExp(`^${o.entitySet}\\(${o.keyColumn}='(.*)'\\)$`).exec(path);
    return m ? decodeURIComponent(m[1]!).replaceAll("''", "'") : undefined;
  }

  function patch(path: string, text: string, into: Map<string, Row>): Answer {
    const key = keyOf(path);
    if (key === undefined) return fail(404, '', `No HTTP resource was found that matches the request URI '${path}'.`);
    return write(key, JSON.parse(text) as Row, into);
  }

  function batch(contentType: string, text: string): Answer {
    const boundary = /boundary="?([^";]+)"?/.exec(contentType)?.[1];
    if (!boundary) return fail(400, '', 'Missing boundary.');
    if (/[^\r]\n/.test(text)) return fail(400, '0x80048d19', 'Error identified in Payload provided by the user. InnerException : System.ArgumentException: Stream was not readable.');
    const out: string[] = [];
    for (const part of parts(text, boundary)) {
      const [head, rest] = split(part);
      const inner = /boundary="?([^";\r]+)"?/.exec(head)?.[1];
      if (!inner) {
        out.push(httpPart(run(rest, rows)));
        continue;
      }
      const staged = new Map(rows);
      const answers: Array<[string, Answer]> = [];
      let failed: Answer | undefined;
      for (const op of parts(rest, inner)) {
        const [opHead, request] = split(op);
        const a = run(request, staged);
        if (a.status >= 400) { failed = a; break; }
        answers.push([/Content-ID: *(\S+)/i.exec(opHead)?.[1] ?? '', a]);
      }
      if (failed) { out.push(httpPart(failed)); continue; }
      for (const [k, v] of staged) rows.set(k, v);
      const cs = `changesetresponse_${randomUUID()}`;
      out.push(`Content-Type: multipart/mixed; boundary=${cs}\r\n\r\n` +
        answers.map(([id, a]) => `--${cs}\r\n${httpPart(a, id)}`).join('') + `--${cs}--\r\n`);
    }
    const b = `batchresponse_${randomUUID()}`;
    return { status: 200, headers: { 'content-type': `multipart/mixed; boundary=${b}` }, body: out.map((p) => `--${b}\r\n${p}`).join('') + `--${b}--\r\n` };
  }

  function run(request: string, into: Map<string, Row>): Answer {
    const [head, body] = split(request);
    const [method, target] = head.split('\r\n')[0]!.split(' ');
    const path = new URL(target!, origin).pathname.slice(API.length);
    return method === 'PATCH' ? patch(path, body, into) : fail(405, '', `${method} is not allowed in this batch.`);
  }

  function upsertMultiple(text: string): Answer {
    if (!o.upsertMultiple) return { status: 501, headers: { 'content-type': 'text/plain' }, body: 'Not Implemented' };
    const staged = new Map(rows);
    for (const target of (JSON.parse(text) as { Targets: Row[] }).Targets) {
      const { '@odata.id': ref, '@odata.type': _type, ...body } = target;
      const key = keyOf(String(ref));
      if (key === undefined || o.keyColumn in body) return fail(400, '0x80040216', 'An unexpected error occurred.');
      const a = write(key, body, staged);
      if (a.status >= 400) return a;
    }
    for (const [k, v] of staged) rows.set(k, v);
    return { status: 204 };
  }

  function query(url: URL): Answer {
    const wanted = [...(url.searchParams.get('$filter') ?? '').matchAll(/eq '((?:[^']|'')*)'/g)].map((m) => m[1]!.replaceAll("''", "'").toLowerCase());
    const found = [...rows.values()].filter((r) => wanted.includes(String(r[o.keyColumn]).toLowerCase()));
    const skip = Number(url.searchParams.get('$skiptoken') ?? 0);
    const next = new URL(url);
    next.searchParams.set('$skiptoken', String(skip + 2));
    return json(200, { value: found.slice(skip, skip + 2), ...(skip + 2 < found.length ? { '@odata.nextLink': next.toString() } : {}) });
  }

  async function handle(req: IncomingMessage, text: string): Promise<Answer> {
    const url = new URL(req.url ?? '/', origin);
    if (url.pathname === `/${tenant}/oauth2/v2.0/token` && req.method === 'POST') {
      const form = new URLSearchParams(text);
      if (form.get('client_id') !== clientId || form.get('client_secret') !== secret) return json(401, { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.' });
      if (form.get('scope') !== `${origin}/.default`) return json(400, { error: 'invalid_scope', error_description: 'AADSTS500011: The resource principal was not found.' });
      const token = randomUUID();
      tokens.add(token);
      return json(200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: token });
    }
    if (!url.pathname.startsWith(API)) return { status: 404, headers: { 'content-type': 'text/html' }, body: '<html><body>Not found</body></html>' };
    if (!tokens.has(/^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '')) return { status: 401 };
    const path = url.pathname.slice(API.length);
    if (req.method === 'POST' && path === '$batch') return batch(req.headers['content-type'] ?? '', text);
    if (req.method === 'POST' && path === `${o.entitySet}/Microsoft.Dynamics.CRM.UpsertMultiple`) return upsertMultiple(text);
    if (req.method === 'PATCH') return patch(path, text, rows);
    if (req.method === 'GET' && path === o.entitySet) return query(url);
    return fail(404, '', `No HTTP resource was found that matches the request URI '${url.pathname}'.`);
  }

  const server: Server = createServer({ key: o.cert.key, cert: o.cert.cert }, (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      hits.push(`${req.method} ${(req.url ?? '').split('?')[0]}`);
      handle(req, Buffer.concat(chunks).toString('utf8')).then(
        (a) => { res.writeHead(a.status, a.headers); res.end(a.body); },
        (e: unknown) => { res.writeHead(500, { 'content-type': 'text/plain' }); res.end(String(e)); },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  origin = `https://${host}`;
  return {
    url: origin, host, tenant, clientId, secret, rows, hits,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/** Body parts between `--boundary` lines (CRLF only: the caller has refused anything else). */
function parts(text: string, boundary: string): string[] {
  return text.split(`--${boundary}`).slice(1).filter((p) => !p.startsWith('--')).map((p) => p.replace(/^\r\n/, ''));
}

/** Head and body of a MIME entity or HTTP message. */
function split(text: string): [string, string] {
  const i = text.indexOf('\r\n\r\n');
  return i < 0 ? [text, ''] : [text.slice(0, i), text.slice(i + 4).replace(/\r\n$/, '')];
}

function httpPart(a: Answer, contentId?: string): string {
  const headers = Object.entries(a.headers ?? {}).map(([k, v]) => `${k}: ${v}\r\n`).join('');
  return `Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n${contentId ? `Content-ID: ${contentId}\r\n` : ''}\r\n` +
    `HTTP/1.1 ${a.status} ${a.status < 300 ? 'OK' : 'Error'}\r\n${headers}\r\n${a.body ?? ''}\r\n`;
}
