/**
 * Input to the console's operations, generated from openapi.yaml's schemas with fast-check: bodies
 * the schema allows are answered 200; anything else is a 400 problem naming the field and the rule,
 * never a 500, and nothing is retried by a refused request.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSpec } from '../../api/src/http/openapi.ts';
import { createTestApp, type TestApp } from '../support/app.ts';

type Schema = { properties: Record<string, { $ref?: string; pattern?: string }> };
const spec = loadSpec() as unknown as { components: { schemas: Record<string, Schema & { enum?: string[] }> } };
const filter = spec.components.schemas.ConsoleRetryFilter!;
const entities = spec.components.schemas.ChangeEntity!.enum!;
const consumerPattern = new RegExp(filter.properties.consumer!.pattern!);

/** Bodies the schema accepts: any subset of its properties, each drawn from its own rule. */
const validBody = fc.record({ entity: fc.constantFrom(...entities), consumer: fc.stringMatching(consumerPattern) }, { requiredKeys: [] });

describe('ConsoleRetryParkedFailures input', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });

  it('answers 200 for every body openapi.yaml allows', async () => {
    await fc.assert(fc.asyncProperty(validBody, async (body) => {
      const r = await t.request.post('/console/api/failures/retry').send(body);
      expect(r.status).toBe(200);
      expect(r.body).toEqual({ retried: 0 });
    }), { numRuns: 40 });
  });

  it('when the body breaks the schema, answers 400 problem+json naming the field, never 500', async () => {
    const bad = fc.oneof(
      fc.record({ entity: fc.string().filter((s) => !entities.includes(s)) }),
      fc.record({ consumer: fc.string().filter((s) => !consumerPattern.test(s)) }),
      fc.record({ unknownField: fc.jsonValue() }),
      fc.record({ entity: fc.oneof(fc.integer(), fc.boolean(), fc.constant(null)) }),
    );
    await fc.assert(fc.asyncProperty(bad, async (body) => {
      const r = await t.request.post('/console/api/failures/retry').send(body);
      expect(r.status).toBe(400);
      expect(r.headers['content-type']).toMatch(/application\/problem\+json/);
      const fields = (r.body.errors as { field: string }[]).map((e) => e.field);
      expect(fields.some((f) => f.startsWith('/body'))).toBe(true);
    }), { numRuns: 60 });
  });

  it('when the failure id in the path is not a number, answers 400 naming failureId', async () => {
    await fc.assert(fc.asyncProperty(fc.string({ minLength: 1 }).filter((s) => !/^[0-9]{1,18}$/.test(s) && !/[/?#%\\]/.test(s) && s.trim() === s && s !== '.' && s !== '..'), async (id) => {
      const r = await t.request.post(`/console/api/failures/${encodeURIComponent(id)}/retry`);
      expect(r.status).toBe(400);
      expect(JSON.stringify(r.body.errors)).toContain('failureId');
    }), { numRuns: 40 });
  });
});
