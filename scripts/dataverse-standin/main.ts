/**
 * Runs the local Dataverse stand-in on its own and prints the settings that point the API at it.
 *   npx node scripts/dataverse-standin/main.ts [--port 8443] [--latency-ms 20] [--rate-429 0.1] [--rate-503 0.05]
 *     [--rate-drop 0.02] [--rate-slow 0.01] [--slow-ms 3000] [--retry-after 1] [--ca-file ./data/standin-ca.pem]
 * The stand-in serves HTTPS with a certificate made at start; the API process trusts it through
 * NODE_EXTRA_CA_CERTS=<ca file> (printed below). Ctrl+C stops it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startDataverseStandin } from './index.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    'latency-ms': { type: 'string', default: '0' },
    'rate-429': { type: 'string', default: '0' },
    'retry-after': { type: 'string', default: '1' },
    'rate-503': { type: 'string', default: '0' },
    'rate-drop': { type: 'string', default: '0' },
    'rate-slow': { type: 'string', default: '0' },
    'slow-ms': { type: 'string', default: '3000' },
    'ca-file': { type: 'string', default: './data/dataverse-standin-ca.pem' },
  },
});

const standin = await startDataverseStandin({
  port: Number(values.port),
  faults: {
    latencyMs: Number(values['latency-ms']),
    rate429: Number(values['rate-429']),
    retryAfterSeconds: Number(values['retry-after']),
    rate503: Number(values['rate-503']),
    rateDrop: Number(values['rate-drop']),
    rateSlow: Number(values['rate-slow']),
    slowMs: Number(values['slow-ms']),
  },
});
const caFile = resolve(values['ca-file']);
mkdirSync(dirname(caFile), { recursive: true });
writeFileSync(caFile, standin.ca);

// The stand-in's own throw-away secret is printed on purpose: it only opens this local process.
console.log(`Dataverse stand-in listening on ${standin.url}
Point the API at it with:
  NODE_EXTRA_CA_CERTS=${caFile}
  DYNAMICS_URL=${standin.url}
  DYNAMICS_AUTHORITY_HOST=${standin.authorityHost}
  DYNAMICS_TENANT_ID=${standin.tenantId}
  DYNAMICS_CLIENT_ID=${standin.clientId}
  DYNAMICS_CLIENT_SECRET=${standin.clientSecret}`);

const stop = async () => {
  console.log('\nrequests by kind:', JSON.stringify(standin.stats.byKind), 'faults:', JSON.stringify(standin.stats.faults));
  await standin.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
