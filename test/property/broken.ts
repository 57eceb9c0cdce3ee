/**
 * One field broken: from a valid generated body, every way the schema says a field can be wrong
 * (type, null where not nullable, too long, too short, off-pattern, off-enum, impossible date,
 * out of range, too many places, missing when required, unknown when additionalProperties is
 * false), each with the pointer the answer must name and the rules it may give.
 */
import fc from 'fast-check';
import { arbitraryFor, Dec, resolve, type Gen, type Schema, type WalkOptions } from './spec-arbitrary.ts';

export interface Broken {
  body: Gen;
  /** The JSON pointer the problem must name, e.g. `/body/lineas/0/cantidad`. */
  field: string;
  /** The rules that describe the break (the answer must give one of them for the field). */
  rules: string[];
  what: string;
}

const REMOVE = Symbol('remove');
type Break = { value: Gen | typeof REMOVE; rules: string[]; what: string };

function escape(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** The ways one value of `schema` can be wrong. */
function breaksOf(input: unknown, required: boolean): Break[] {
  const s = resolve(input);
  const out: Break[] = [];
  if (required) out.push({ value: REMOVE, rules: ['required'], what: 'missing' });
  if (s.nullable !== true && !(Array.isArray(s.enum) && s.enum.includes(null))) out.push({ value: null, rules: ['type'], what: 'null' });
  switch (s.type) {
    case 'string': {
      out.push({ value: 12345, rules: ['type'], what: 'a number' });
      if (Array.isArray(s.enum)) out.push({ value: 'no_such_value', rules: ['enum'], what: 'not in the enum' });
      if (typeof s.maxLength === 'number') out.push({ value: '😀'.repeat(s.maxLength + 1), rules: ['maxLength'], what: `${s.maxLength + 1} astral characters` });
      if (typeof s.minLength === 'number' && s.minLength > 0) out.push({ value: '', rules: ['minLength', 'pattern'], what: 'empty' });
      if (typeof s.pattern === 'string') {
        const re = new RegExp(s.pattern, 'u');
        const bad = ['a b', ' A1', 'A1 ', 'A1\n', 'é1', 'usd', 'A1?', 'A%1', '-A1', '.A1', '/A1', 'A\\1', 'A#1', 'A:1', 'A+1', 'ABCD'].find((c) => !re.test(c));
        if (bad !== undefined) out.push({ value: bad, rules: ['pattern'], what: `off-pattern ${JSON.stringify(bad)}` });
      }
      if (s.format === 'date-time' || s.format === 'date') {
        for (const bad of ['2023-02-29', '2024-13-01T00:00:00Z', '2024-01-01T24:00:00Z', '2024-01-01T10:00:00+24:00', 'yesterday', '0001-01-01T00:00:00+01:00']) {
          out.push({ value: bad, rules: ['format'], what: `impossible date ${bad}` });
        }
      }
      break;
    }
    case 'number': {
      out.push({ value: '12', rules: ['type'], what: 'a string' });
      const min = String(s.minimum);
      const max = String(s.maximum);
      out.push({ value: new Dec(min === '0' ? '-0.0001' : '0', ''), rules: ['minimum'], what: 'below the minimum' });
      out.push({ value: new Dec(`${max}.0001`, ''), rules: ['maximum'], what: 'above the maximum by 0.0001' });
      out.push({ value: new Dec('1e400', ''), rules: ['maximum'], what: 'a huge exponent' });
      out.push({ value: new Dec('1.00001', ''), rules: ['multipleOf'], what: 'five places' });
      out.push({ value: new Dec('12345.678912', ''), rules: ['multipleOf'], what: 'six places' });
      break;
    }
    case 'integer':
      out.push({ value: new Dec('1.5', ''), rules: ['type'], what: 'a fraction' });
      if (typeof s.maximum === 'number') out.push({ value: s.maximum + 1, rules: ['maximum'], what: 'above the maximum' });
      if (typeof s.minimum === 'number') out.push({ value: s.minimum - 1, rules: ['minimum'], what: 'below the minimum' });
      break;
    case 'boolean':
      out.push({ value: 'true', rules: ['type'], what: 'a string' });
      break;
    case 'array':
      out.push({ value: 'not a list', rules: ['type'], what: 'a string' });
      break;
    case 'object':
      out.push({ value: [], rules: ['type'], what: 'an array' });
      break;
  }
  return out;
}

interface Slot {
  field: string;
  schema: unknown;
  required: boolean;
  set: (body: Record<string, Gen>, value: Gen | typeof REMOVE) => void;
}

/** Every field of the body (and of the first item of its object arrays) that can be broken. */
function slots(schema: Schema, body: Record<string, Gen>): Slot[] {
  const out: Slot[] = [];
  const required = new Set((schema.required ?? []) as string[]);
  for (const [name, sub] of Object.entries((schema.properties ?? {}) as Record<string, unknown>)) {
    out.push({ field: `/body/${escape(name)}`, schema: sub, required: required.has(name), set: (b, v) => (v === REMOVE ? delete b[name] : (b[name] = v)) });
    const resolved = resolve(sub);
    const items = resolved.type === 'array' ? resolve(resolved.items) : undefined;
    const list = body[name];
    if (items?.type === 'object' && Array.isArray(list) && list.length > 0) {
      const itemRequired = new Set((items.required ?? []) as string[]);
      for (const [inner, innerSchema] of Object.entries((items.properties ?? {}) as Record<string, unknown>)) {
        out.push({
          field: `/body/${escape(name)}/0/${escape(inner)}`, schema: innerSchema, required: itemRequired.has(inner),
          set: (b, v) => {
            const first = { ...((b[name] as Gen[])[0] as Record<string, Gen>) };
            if (v === REMOVE) delete first[inner];
            else first[inner] = v;
            b[name] = [first, ...(b[name] as Gen[]).slice(1)];
          },
        });
      }
    }
  }
  return out;
}

/** Bodies valid but for one field, spread over every field and every way to break it. */
export function brokenBodies(schema: Schema, options: WalkOptions = {}): fc.Arbitrary<Broken> {
  return fc.tuple(arbitraryFor(schema, options), fc.nat()).map(([valid, pick]) => {
    const body = { ...(valid as Record<string, Gen>) };
    const candidates = slots(schema, body).flatMap((slot) => breaksOf(slot.schema, slot.required).map((b) => ({ slot, b })));
    if (schema.additionalProperties === false) {
      candidates.push({ slot: { field: '/body/color', schema: {}, required: false, set: (b, v) => (b.color = v as Gen) }, b: { value: 'red', rules: ['additionalProperties'], what: 'an unknown field' } });
    }
    const { slot, b } = candidates[pick % candidates.length]!;
    slot.set(body, b.value);
    return { body, field: slot.field, rules: b.rules, what: `${slot.field} ${b.what}` };
  });
}
