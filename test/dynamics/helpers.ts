/** Shared set-up for the Dataverse client tests: a stand-in, a recording fetch, a fake sleep. */
import { startDataverseStandin, type DataverseStandin, type StandinOptions } from '../../scripts/dataverse-standin/index.ts';
import { createDataverseClient, type DataverseClientOptions } from '../../api/src/dynamics/index.ts';
import type { Config } from '../../api/src/config/index.ts';

export interface Seen {
  method: string;
  url: string;
  headers: Headers;
  body: string | undefined;
}

export function recordingFetch(inner: typeof fetch, seen: Seen[]): typeof fetch {
  return ((input: string | URL | Request, init: RequestInit = {}) => {
    seen.push({ method: init.method ?? 'GET', url: String(input), headers: new Headers(init.headers), body: typeof init.body === 'string' ? init.body : undefined });
    return inner(input, init);
  }) as typeof fetch;
}

export interface Harness {
  standin: DataverseStandin;
  seen: Seen[];
  sleeps: number[];
  client(overrides?: Partial<Config['dynamics']>, extra?: Partial<DataverseClientOptions>): ReturnType<typeof createDataverseClient>;
}

export async function harness(options: StandinOptions = {}): Promise<Harness> {
  const standin = await startDataverseStandin(options);
  const seen: Seen[] = [];
  const sleeps: number[] = [];
  return {
    standin,
    seen,
    sleeps,
    client: (overrides = {}, extra = {}) =>
      createDataverseClient({
        settings: standin.settings(overrides),
        fetch: recordingFetch(standin.fetch, seen),
        sleep: async (ms) => { sleeps.push(ms); },
        random: () => 0.5,
        ...extra,
      }),
  };
}

export const assets = { logicalName: 'msdyn_customerasset', entitySet: 'msdyn_customerassets', keyColumn: 'msdyn_assetnumber' };
export const customPurchaseOrders = { logicalName: 'cr123_purchaseorder', entitySet: 'cr123_purchaseorders', keyColumn: 'name' };

export function assetRows(n: number, prefix = 'A-'): Array<{ key: string; record: Record<string, unknown> }> {
  return Array.from({ length: n }, (_, i) => ({
    key: `${prefix}${i}`,
    record: { msdyn_name: `Asset ${i}`, msdyn_acquisitioncost: 1000 + i / 100 },
  }));
}

/** A client-credentials token from the stand-in's Entra endpoint, fetched by hand (no client code involved). */
export async function standinToken(standin: DataverseStandin): Promise<string> {
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: standin.clientId, client_secret: standin.clientSecret, scope: `${standin.url}/.default` });
  const res = await standin.fetch(`${standin.url}/${standin.tenantId}/oauth2/v2.0/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() });
  return ((await res.json()) as { access_token: string }).access_token;
}
