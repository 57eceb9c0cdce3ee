/**
 * How the property tests run: 200 cases per operation (PROPERTY_RUNS to change), a fixed seed in
 * CI so a run is reproducible, a random one elsewhere; FC_SEED replays a failure. fast-check's
 * failure message carries the seed and the shrink path; the seed is also printed first.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import type { TestApp } from '../support/app.ts';
import type { Broken } from './broken.ts';
import { parseWithNumberText, readBackMismatches, toJsonText, type Gen } from './spec-arbitrary.ts';

const CI_SEED = 20_261_130;

/** A property's 200 cases make ~800 requests; on a loaded 2-core runner that takes more than vitest's default. */
export const PROPERTY_TIMEOUT = 180_000;

export function propertyParameters<T>(name: string): fc.Parameters<T> {
  const seed = process.env.FC_SEED !== undefined ? Number(process.env.FC_SEED) : process.env.CI ? CI_SEED : Date.now() ^ (Math.random() * 0x100000000);
  const numRuns = Number(process.env.PROPERTY_RUNS ?? 200);
  return {
    seed,
    numRuns,
    reporter(details) {
      if (details.failed) {
        throw new Error(`${name}: property failed; replay with FC_SEED=${details.seed} (path ${details.counterexamplePath})\n${fc.defaultReportMessage(details)}\n${String((details.errorInstance as Error | undefined)?.message ?? details.errorInstance)}`);
      }
    },
  };
}

export interface Answer {
  status: number;
  contentType: string;
  text: string;
  body: Record<string, unknown>;
  location?: string;
}

/** Sends JSON text as the body and reads the answer with each number's text kept. */
export async function send(t: TestApp, method: 'post' | 'patch', path: string, json: string): Promise<Answer> {
  const res = await t.request[method](path).set('content-type', 'application/json').send(json);
  return {
    status: res.status,
    contentType: String(res.headers['content-type'] ?? ''),
    text: res.text,
    body: (res.text ? parseWithNumberText(res.text) : {}) as Record<string, unknown>,
    ...(res.headers.location ? { location: String(res.headers.location).replace(/^https?:\/\/[^/]+/, '') } : {}),
  };
}

export async function getText(t: TestApp, path: string): Promise<{ status: number; text: string; body: Record<string, unknown> }> {
  const res = await t.request.get(path);
  return { status: res.status, text: res.text, body: (res.text ? parseWithNumberText(res.text) : {}) as Record<string, unknown> };
}

/** The problem's field errors as `field rule` lines, for messages. */
export function problemFields(a: Answer): { field: string; rule: string }[] {
  return ((a.body.errors ?? []) as { field: string; rule: string }[]).map((e) => ({ field: e.field, rule: e.rule }));
}

/** The answer to a body with one broken field: 400 problem+json naming the field and a rule for it. */
export function expectRefused(res: Answer, broken: Broken): void {
  expect(res.status, `${broken.what}: ${res.text}`).toBe(400);
  expect(res.contentType).toMatch(/^application\/problem\+json/);
  expect(problemFields(res), broken.what).toContainEqual({ field: broken.field, rule: expect.toSatisfy((r: string) => broken.rules.includes(r)) });
}

/**
 * PATCHes a valid body: 200, the fields sent read back exactly (answer and GET), the others keep
 * their values, and the same body again changes nothing (no new version: a sync echo stops there).
 */
export async function expectPatchReadsBack(t: TestApp, path: string, body: Gen): Promise<void> {
  const before = (await getText(t, path)).body;
  const res = await send(t, 'patch', path, toJsonText(body));
  expect(res.status, res.text).toBe(200);
  const back = await getText(t, path);
  expect(readBackMismatches(body, res.body)).toEqual([]);
  expect(readBackMismatches(body, back.body)).toEqual([]);
  const again = await send(t, 'patch', path, toJsonText(body));
  expect(again.status).toBe(200);
  expect(again.body.version, 'a repeated PATCH must not bump the version').toEqual(res.body.version);
  for (const [field, value] of Object.entries(before)) {
    if (!(field in (body as object)) && !['version', 'updated_at'].includes(field)) expect(back.body[field], field).toEqual(value);
  }
}

/** POSTs a valid body: 201, and it reads back exactly from the answer and from its Location. */
export async function expectPostReadsBack(t: TestApp, path: string, body: Gen): Promise<void> {
  const res = await send(t, 'post', path, toJsonText(body));
  expect(res.status, res.text).toBe(201);
  expect(readBackMismatches(body, res.body)).toEqual([]);
  const back = await getText(t, res.location!);
  expect(back.status).toBe(200);
  expect(readBackMismatches(body, back.body)).toEqual([]);
}
