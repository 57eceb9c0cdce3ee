import { afterEach, describe, expect, test } from 'vitest';
import { DataverseError } from '../../api/src/dynamics/index.ts';
import { AdaptiveLimiter } from '../../api/src/dynamics/limiter.ts';
import { assetRows, assets, harness, type Harness } from './helpers.ts';

let h: Harness | undefined;
afterEach(async () => { await h?.standin.close(); h = undefined; });

describe('Dataverse request resilience', () => {
  test('when Dataverse answers 429 with Retry-After: 7, the client waits 7000 ms and retries', async () => {
    h = await harness({ faults: { rate429: 1, retryAfterSeconds: 7 } });
    const standin = h.standin;
    const client = h.client({}, { sleep: async (ms) => { h!.sleeps.push(ms); standin.setFaults({ rate429: 0 }); } });
    await client.upsertByKey('msdyn_customerassets', 'msdyn_assetnumber', 'A-1', { msdyn_name: 'Pump' });
    expect(h.sleeps).toEqual([7000]);
    expect(standin.stats.faults['429']).toBe(1);
    expect(standin.tables.find('msdyn_customerasset', 'msdyn_assetnumber', 'A-1')?.msdyn_name).toBe('Pump');
  });

  test('when 503s continue, an idempotent upsert is tried 1 + DYNAMICS_MAX_RETRIES times with growing back-off', async () => {
    h = await harness({ faults: { rate503: 1 } });
    const err = (await h.client({ maxRetries: 3 }).upsertByKey('msdyn_customerassets', 'msdyn_assetnumber', 'A-1', { msdyn_name: 'x' }).catch((e: unknown) => e)) as DataverseError;
    expect(err).toBeInstanceOf(DataverseError);
    expect(err.status).toBe(503);
    expect(h.standin.stats.byKind.upsert).toBe(4);
    expect(h.sleeps).toHaveLength(3);
    expect(h.sleeps[1]!).toBeGreaterThan(h.sleeps[0]!);
    expect(h.sleeps[2]!).toBeGreaterThan(h.sleeps[1]!);
  });

  test('when a POST create gets a 503, it is not retried (a second create could duplicate the row)', async () => {
    h = await harness({ faults: { rate503: 1 } });
    const err = (await h.client({ maxRetries: 5 }).request({ method: 'POST', path: 'msdyn_customerassets', body: { msdyn_name: 'x' } }).catch((e: unknown) => e)) as DataverseError;
    expect(err.status).toBe(503);
    expect(h.standin.stats.byKind.create).toBe(1);
    expect(h.sleeps).toEqual([]);
  });

  test('when the connection drops after the write, the retried upsert leaves exactly one row', async () => {
    h = await harness({ faults: { rateDrop: 1 } });
    const standin = h.standin;
    const client = h.client({}, { sleep: async () => { standin.setFaults({ rateDrop: 0 }); } });
    await client.upsertByKey('msdyn_customerassets', 'msdyn_assetnumber', 'A-9', { msdyn_name: 'Valve' });
    expect(standin.stats.faults.drop).toBe(1);
    expect(standin.stats.byKind.upsert).toBe(2);
    expect(standin.tables.rows('msdyn_customerasset').filter((r) => r.msdyn_assetnumber === 'A-9')).toHaveLength(1);
  });

  test('when Dataverse is slower than DYNAMICS_TIMEOUT_MS, the error says so and names the setting', async () => {
    h = await harness({ faults: { rateSlow: 1, slowMs: 1500 } });
    const err = (await h.client({ timeoutMs: 200, maxRetries: 0 }).getJson('WhoAmI').catch((e: unknown) => e)) as DataverseError;
    expect(err).toBeInstanceOf(DataverseError);
    expect(err.code).toBe('Timeout');
    expect(err.retryable).toBe(true);
    expect(err.hint).toMatch(/DYNAMICS_TIMEOUT_MS/);
    expect(err.hint).toMatch(/200 ms/);
  });

  test('when a timed-out request is idempotent it is retried; the second attempt succeeds', async () => {
    h = await harness({ faults: { rateSlow: 1, slowMs: 1500 } });
    const standin = h.standin;
    const client = h.client({ timeoutMs: 300, maxRetries: 2 }, { sleep: async () => { standin.setFaults({ rateSlow: 0 }); } });
    const who = await client.getJson<{ UserId: string }>('WhoAmI');
    expect(who.UserId).toBeTruthy();
    expect(standin.stats.byKind.get).toBe(2);
  });

  test('when Dataverse answers an error body, code and message are parsed from {"error":{"code","message"}}', async () => {
    h = await harness();
    const err = (await h.client().upsertByKey('msdyn_customerassets', 'msdyn_assetnumber', 'A-1', { msdyn_nosuchcolumn: 1 }).catch((e: unknown) => e)) as DataverseError;
    expect(err.status).toBe(400);
    expect(err.code).toBe('0x0');
    expect(err.message).toMatch(/Invalid property 'msdyn_nosuchcolumn'/);
    expect(err.retryable).toBe(false);
  });
});

describe('adaptive concurrency', () => {
  test('when throttled, the cap halves once per burst and creeps back after successes', async () => {
    const limiter = new AdaptiveLimiter(16);
    const tickets: number[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => { release = resolve; });
    const burst = Array.from({ length: 4 }, () => limiter.run(async (t) => { tickets.push(t); await gate; }));
    limiter.throttled(tickets[0]!);
    expect(limiter.state.limit).toBe(8);
    limiter.throttled(tickets[1]!); // started before the decrease: the same burst, no second halving
    expect(limiter.state.limit).toBe(8);
    release();
    await Promise.all(burst);
    await limiter.run(async (t) => limiter.throttled(t)); // a new request throttled: halves again
    expect(limiter.state.limit).toBe(4);
    for (let i = 0; i < 4; i++) limiter.succeeded();
    expect(limiter.state.limit).toBe(5);
  });

  test('the cap never exceeds the 52 concurrent requests Dataverse allows', () => {
    expect(new AdaptiveLimiter(500).state.max).toBe(52);
  });

  test('when the stand-in throttles a bulk write, in-flight requests drop, then recover once throttling stops', async () => {
    h = await harness({ faults: { rate429: 0.5, retryAfterSeconds: 0 } });
    const standin = h.standin;
    let peak = 0;
    let inFlight = 0;
    const counting = ((input: string | URL | Request, init?: RequestInit) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      return standin.fetch(input, init).finally(() => { inFlight--; });
    }) as typeof fetch;
    const client = h.client({ maxConcurrency: 16, batchSize: 10, maxRetries: 20 }, { fetch: counting, sleep: async () => {} });
    const results = await client.writeRows(assets, assetRows(600), { mode: 'batch' });
    expect(results.every((r) => r.ok)).toBe(true);
    const throttledLimit = client.concurrency.limit;
    expect(throttledLimit).toBeLessThan(16);
    standin.setFaults({ rate429: 0 });
    await client.writeRows(assets, assetRows(3000, 'B-'), { mode: 'batch' });
    expect(client.concurrency.limit).toBeGreaterThan(throttledLimit);
    expect(peak).toBeLessThanOrEqual(16 + 1); // +1: the token request
  });
});
