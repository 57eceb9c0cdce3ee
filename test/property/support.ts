/**
 * How the property tests run: 200 cases per operation (PROPERTY_RUNS to change), a fixed seed in
 * CI so a run is reproducible, a random one elsewhere; FC_SEED replays a failure. fast-check's
 * failure message carries the seed and the shrink path; the seed is also printed first.
 */
import fc from 'fast-check';
import type { TestApp } from '../support/app.ts';
import { parseWithNumberText } from './spec-arbitrary.ts';

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
