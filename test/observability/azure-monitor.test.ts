/**
 * Azure Monitor: with APPLICATIONINSIGHTS_CONNECTION_STRING set, the real server sends a request's
 * trace carrying Power Automate's correlation id, its log lines and the metrics to the ingestion
 * endpoint the connection string names (here a local one that records what arrives; the exporter
 * speaks https only, so it has a self-signed certificate the server trusts through NODE_EXTRA_CA_CERTS).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSelfSignedCertificate } from '../../scripts/dataverse-standin/cert.ts';
import { startServer, type ServerProcess } from '../support/process.ts';

interface Envelope {
  name?: string;
  data?: { baseType?: string; baseData?: Record<string, unknown> & { properties?: Record<string, string> } };
}

describe('Azure Monitor', () => {
  let ingestion: Server;
  const envelopes: Envelope[] = [];
  let api: ServerProcess;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cmms-azmon-'));
    const tls = makeSelfSignedCertificate();
    writeFileSync(join(dataDir, 'ca.pem'), tls.cert);
    ingestion = createServer(tls, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        let body = Buffer.concat(chunks);
        if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
        const text = body.toString('utf8').trim();
        // The exporter posts a JSON array (or newline-delimited envelopes).
        const items = text.startsWith('[') ? (JSON.parse(text) as Envelope[]) : text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Envelope);
        envelopes.push(...items);
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ itemsReceived: items.length, itemsAccepted: items.length, errors: [] }));
      });
    });
    await new Promise<void>((ok) => ingestion.listen(0, '127.0.0.1', ok));
    const port = (ingestion.address() as AddressInfo).port;
    api = await startServer({
      NODE_EXTRA_CA_CERTS: join(dataDir, 'ca.pem'),
      DATA_DIR: join(dataDir, 'data'), RUN_WORKERS: 'false', SEED_DEMO_DATA: 'false',
      APPLICATIONINSIGHTS_CONNECTION_STRING: `InstrumentationKey=00000000-0000-0000-0000-000000000001;IngestionEndpoint=https://127.0.0.1:${port}/;LiveEndpoint=https://127.0.0.1:${port}/`,
    });
  }, 90_000);

  afterAll(async () => {
    await api?.kill('SIGTERM');
    ingestion?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('sends the request span with the correlation id, and the logs, on shutdown at the latest', async () => {
    const correlation = 'a1b2c3d4-0000-4000-8000-00000000abcd';
    const res = await fetch(`${api.url}/assets?top=1`, { headers: { 'x-ms-correlation-request-id': correlation } });
    expect(res.status).toBe(200);
    await api.kill('SIGTERM'); // flushes the exporters
    const requests = envelopes.filter((e) => e.data?.baseType === 'RequestData');
    const ours = requests.find((e) => e.data?.baseData?.properties?.['powerautomate.correlation_id'] === correlation);
    expect(ours, JSON.stringify(requests.map((r) => r.data?.baseData?.name))).toBeDefined();
    expect(ours!.data!.baseData!.properties!['cmms.operation']).toBe('ListAssets');
    const logs = envelopes.filter((e) => e.data?.baseType === 'MessageData').map((e) => String(e.data?.baseData?.message));
    expect(logs.some((m) => m.includes('Energy CMMS API listening'))).toBe(true);
  }, 60_000);
});
