/**
 * The one door to the Dataverse stand-in for flows and for the test's "user": it holds a token,
 * sends Web API requests, and after each successful write raises the "when a row is added,
 * modified or deleted" trigger for matching subscriptions, as Dataverse does: an update fires a
 * trigger filtered to columns when any of those columns is in the request, changed or not.
 */
import type { DataverseStandin } from '../../../scripts/dataverse-standin/index.ts';
import type { HttpOutputs } from './engine.ts';

export interface RowEvent {
  /** Logical name of the table. */
  table: string;
  message: 'Create' | 'Update' | 'Delete';
  row: Record<string, unknown>;
}

export interface Subscription {
  table: string;
  /** callbackregistration message: 1 Added, 2 Deleted, 3 Modified, 4 Added or Modified, 5–7 combinations. */
  message: number;
  filteringAttributes: string[];
  deliver(event: RowEvent): void;
}

const MESSAGE_MATCH: Record<number, RowEvent['message'][]> = {
  1: ['Create'], 2: ['Delete'], 3: ['Update'], 4: ['Create', 'Update'], 5: ['Create', 'Delete'], 6: ['Update', 'Delete'], 7: ['Create', 'Update', 'Delete'],
};

export class DataverseGateway {
  readonly standin: DataverseStandin;
  readonly #subscriptions = new Set<Subscription>();
  readonly #logicalNames: Record<string, string>;
  #token: string | undefined;

  constructor(standin: DataverseStandin, logicalNames: Record<string, string> = {}) {
    this.standin = standin;
    this.#logicalNames = logicalNames;
  }

  subscribe(sub: Subscription): () => void {
    this.#subscriptions.add(sub);
    return () => this.#subscriptions.delete(sub);
  }

  logicalNameOf(entitySet: string): string {
    return this.#logicalNames[entitySet] ?? entitySet.replace(/s$/, '');
  }

  async #bearer(): Promise<string> {
    if (this.#token) return this.#token;
    const s = this.standin;
    const res = await s.fetch(`${s.url}/${s.tenantId}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: s.clientId, client_secret: s.clientSecret, scope: `${s.url}/.default` }),
    });
    const body = (await res.json()) as { access_token?: string };
    if (!body.access_token) throw new Error(`the stand-in issued no token: ${JSON.stringify(body)}`);
    this.#token = body.access_token;
    return this.#token;
  }

  /** `target` is relative to the service root, e.g. `msdyn_customerassets(msdyn_assetnumber='A-1')`. */
  async request(userId: string, method: string, target: string, body?: Record<string, unknown>): Promise<HttpOutputs> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${await this.#bearer()}`,
      accept: 'application/json',
      'odata-version': '4.0',
      'odata-maxversion': '4.0',
    };
    if (body) {
      headers['content-type'] = 'application/json';
      headers.prefer = 'return=representation';
    }
    const res = await this.standin.fetch(`${this.standin.url}/api/data/v9.2/${target}`, {
      method,
      headers,
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    const out: HttpOutputs = {
      statusCode: res.status,
      headers: Object.fromEntries([...res.headers.entries()].map(([k, v]) => [k.toLowerCase(), v])),
      body: text ? (JSON.parse(text) as unknown) : undefined,
    };
    if (res.ok && (method === 'PATCH' || method === 'POST') && body) {
      const entitySet = target.replace(/\(.*$/, '');
      const row = { ...(out.body as Record<string, unknown>), _modifiedby_value: userId };
      this.#raise({ table: this.logicalNameOf(entitySet), message: res.status === 201 ? 'Create' : 'Update', row }, Object.keys(body));
    }
    return out;
  }

  #raise(event: RowEvent, columnsInRequest: string[]): void {
    for (const sub of this.#subscriptions) {
      if (sub.table !== event.table || !MESSAGE_MATCH[sub.message]?.includes(event.message)) continue;
      if (event.message === 'Update' && sub.filteringAttributes.length && !sub.filteringAttributes.some((c) => columnsInRequest.includes(c))) continue;
      sub.deliver(event);
    }
  }
}
