/**
 * fast-check arbitraries generated from openapi.yaml's own request schemas. The spec is read here
 * with the yaml package, not through the API's loader, and every rule a body must keep comes from
 * the schema: type, enum, nullable, minLength/maxLength (code points, as JSON Schema counts),
 * pattern, format date/date-time, minimum/maximum/multipleOf, required, additionalProperties.
 *
 * Generated values keep what the JSON text must say: a decimal is a `Dec` (its JSON text, written
 * as is, and the exact value it stands for) and a date is a `When` (its text and the instant).
 * `toJsonText` writes a body; `expectReadBack` checks an answer against what was sent.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { parse } from 'yaml';

export type Schema = Record<string, unknown>;

const doc = parse(readFileSync(new URL('../../openapi.yaml', import.meta.url), 'utf8')) as Schema;

/** Follows `$ref`s, including pointers into a schema (`#/components/schemas/X/properties/y`). */
export function resolve(schema: unknown): Schema {
  let s = schema as Schema;
  while (typeof s.$ref === 'string') {
    s = (s.$ref as string).slice(2).split('/').reduce<unknown>((node, part) => (node as Schema)[part.replace(/~1/g, '/').replace(/~0/g, '~')], doc) as Schema;
  }
  return s;
}

/** The request body schema of an operation, by operationId. */
export function requestSchema(operationId: string): Schema {
  for (const item of Object.values(doc.paths as Schema)) {
    for (const op of Object.values(item as Schema)) {
      const o = op as Schema;
      if (o?.operationId !== operationId) continue;
      const body = resolve(o.requestBody) as { content: Record<string, { schema: unknown }> };
      return resolve(body.content['application/json']!.schema);
    }
  }
  throw new Error(`openapi.yaml has no operation ${operationId}`);
}

/** The operations whose request body is one of the given schemas, listed from the spec itself. */
export function operationsWithBody(): { operationId: string; method: string; path: string }[] {
  const out: { operationId: string; method: string; path: string }[] = [];
  for (const [path, item] of Object.entries(doc.paths as Schema)) {
    for (const [method, op] of Object.entries(item as Schema)) {
      const o = op as Schema;
      if (o && typeof o === 'object' && o.requestBody && typeof o.operationId === 'string') out.push({ operationId: o.operationId, method, path });
    }
  }
  return out;
}

/** A decimal as sent: `text` is its JSON number text, `exact` its value in plain notation. */
export class Dec {
  readonly text: string;
  readonly exact: string;
  constructor(text: string, exact: string) {
    this.text = text;
    this.exact = exact;
  }
}

/** A date or date-time as sent, with the instant (milliseconds since the epoch) it names. */
export class When {
  readonly text: string;
  readonly epochMs: number;
  constructor(text: string, epochMs: number) {
    this.text = text;
    this.epochMs = epochMs;
  }
}

export type Gen = string | number | boolean | null | Dec | When | Gen[] | { [k: string]: Gen };

/** The JSON text of a generated body: decimals written with exactly their generated digits. */
export function toJsonText(value: Gen): string {
  return JSON.stringify(value, (_k, v: unknown) => (v instanceof Dec ? JSON.rawJSON(v.text) : v instanceof When ? v.text : v));
}

// ---- strings ---------------------------------------------------------------------------------

const codePoint = fc.oneof(
  fc.integer({ min: 0x20, max: 0x7e }), // ASCII, including " \ / and friends
  fc.integer({ min: 0x01, max: 0x1f }), // control characters other than NUL
  fc.integer({ min: 0xa0, max: 0x24f }), // Latin-1 and Latin Extended (accents)
  fc.integer({ min: 0x400, max: 0x4ff }), // Cyrillic
  fc.integer({ min: 0x600, max: 0x6ff }), // Arabic
  fc.integer({ min: 0x900, max: 0x97f }), // Devanagari (combining marks)
  fc.integer({ min: 0x3040, max: 0x30ff }), // Hiragana and Katakana
  fc.integer({ min: 0x4e00, max: 0x9fff }), // CJK ideographs
  fc.integer({ min: 0xe000, max: 0xfffd }), // private use, forms, specials
  fc.integer({ min: 0x1f300, max: 0x1faff }), // emoji (astral)
  fc.integer({ min: 0x10000, max: 0x10ffff }), // any astral plane
).map((cp) => String.fromCodePoint(cp));

/** Code-point length, as JSON Schema's maxLength counts. */
export const length = (s: string): number => [...s].length;

function textArbitrary(min: number, max: number): fc.Arbitrary<string> {
  const size = fc.oneof(fc.constant(max), fc.constant(min), fc.integer({ min, max: Math.min(max, min + 40) }), fc.integer({ min, max }));
  return size.chain((n) => fc.array(codePoint, { minLength: n, maxLength: n }).map((cs) => cs.join('')));
}

function patternArbitrary(pattern: string, min: number, max: number): fc.Arbitrary<string> {
  const re = new RegExp(pattern, 'u');
  // Generated strings of every length the pattern allows; the longest are made by repeating a
  // generated one's tail, which keeps a pattern like ^X[Y]*$ intact (checked, not assumed).
  const base = fc.stringMatching(re, { size: 'large' });
  const longest = fc.tuple(fc.stringMatching(re), fc.stringMatching(re, { size: 'large' })).map(([a, b]) => [...(a + b.slice(1)).repeat(max)].slice(0, max).join(''));
  return fc.oneof(base, longest).filter((s) => re.test(s) && length(s) >= min && length(s) <= max);
}

// ---- decimals and dates ----------------------------------------------------------------------

/** A bound from the YAML as exact text; YAML gives doubles, so the spec's bounds must be exact ones. */
const exactText = (n: number): string => {
  const s = String(n);
  if (/e/i.test(s)) throw new Error(`openapi.yaml bound ${s} is not written as a plain decimal`);
  return s;
};

function scaled(text: string, places: number): bigint {
  const [int, frac = ''] = text.split('.');
  return BigInt(int! + frac.padEnd(places, '0'));
}

function plain(units: bigint, places: number): string {
  const digits = units.toString().padStart(places + 1, '0');
  return places === 0 ? digits : `${digits.slice(0, -places)}.${digits.slice(-places)}`;
}

const canonical = (text: string): string => (text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text);

function decimalArbitrary(schema: Schema): fc.Arbitrary<Dec> {
  if (typeof schema.multipleOf !== 'number' || typeof schema.minimum !== 'number' || typeof schema.maximum !== 'number') {
    throw new Error(`a decimal in openapi.yaml needs multipleOf, minimum and maximum: ${JSON.stringify(schema)}`);
  }
  const step = exactText(schema.multipleOf);
  const places = step.split('.')[1]?.length ?? 0;
  if (step !== `0.${'0'.repeat(places - 1)}1` && step !== '1') throw new Error(`multipleOf ${step} is not a number of places`);
  const min = scaled(exactText(schema.minimum), places);
  const max = scaled(exactText(schema.maximum), places);
  const magnitude = fc.integer({ min: 1, max: max.toString().length }).chain((digits) =>
    fc.bigInt({ min: 0n, max: 10n ** BigInt(digits) - 1n }));
  const units = fc.oneof(magnitude, fc.constantFrom(min, max, min + 1n, max - 1n)).map((u) => (u < min ? min : u > max ? max : u));
  return fc.tuple(units, fc.integer({ min: 0, max: places }), fc.integer({ min: 0, max: 3 })).map(([u, keep, style]) => {
    // Drop places so values with 0..places decimals all occur; stay within the bounds.
    const unit = 10n ** BigInt(places - keep);
    let v = (u / unit) * unit;
    if (v < min) v += unit;
    if (v > max) v -= unit;
    if (v < min) v = min;
    const exact = canonical(plain(v, places));
    // Several spellings of the same value: plain, padded zeros, an exponent form.
    const text = style === 1 ? plain(v, places) : style === 2 ? `${v}e-${places}` : exact;
    return new Dec(text, exact);
  });
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

function daysIn(y: number, m: number): number {
  return [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
}

function utc(y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0): number {
  const t = new Date(0);
  t.setUTCFullYear(y, mo - 1, d);
  t.setUTCHours(h, mi, s, ms);
  return t.getTime();
}

const calendarDay = fc.record({ y: fc.oneof(fc.integer({ min: 1, max: 9999 }), fc.integer({ min: 1900, max: 2100 }), fc.constantFrom(1, 9999, 2000, 2024)), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 31 }) })
  .map(({ y, m, d }) => ({ y, m, d: Math.min(d, daysIn(y, m)) }));

const dateArbitrary = calendarDay.map(({ y, m, d }) => new When(`${pad(y, 4)}-${pad(m)}-${pad(d)}`, utc(y, m, d)));

/**
 * ISO 8601 date-times in the forms the spec's description admits: a plain date, T/t or a space
 * between date and time, seconds optional, a fraction of 1-9 digits, Z/z, an offset (±hh:mm,
 * ±hhmm, ±hh) or no zone
 * (UTC). The instant is what PostgreSQL keeps through a JavaScript Date: milliseconds, the finer
 * digits cut off. Instants outside years 0001-9999 UTC are not generated (the spec refuses them).
 */
const dateTimeArbitrary = fc.oneof(
  { arbitrary: dateArbitrary, weight: 1 },
  {
    weight: 4,
    arbitrary: fc.record({
      day: calendarDay,
      h: fc.integer({ min: 0, max: 23 }), mi: fc.integer({ min: 0, max: 59 }), s: fc.option(fc.integer({ min: 0, max: 59 })),
      frac: fc.option(fc.stringMatching(/^\d{1,9}$/)), sep: fc.constantFrom('T', 't', ' '),
      zone: fc.oneof(fc.constantFrom('Z', 'z', '', '+00:00', '-00:00'), fc.record({ sign: fc.constantFrom('+', '-'), h: fc.integer({ min: 0, max: 23 }), m: fc.constantFrom(0, 30, 45, 59), form: fc.constantFrom(':', '', 'hours') })
        .map((z) => (z.form === 'hours' ? `${z.sign}${pad(z.h)}` : `${z.sign}${pad(z.h)}${z.form}${pad(z.m)}`))),
    }).map(({ day, h, mi, s, frac, sep, zone }) => {
      const seconds = s === null ? '' : `:${pad(s)}${frac === null ? '' : `.${frac}`}`;
      const text = `${pad(day.y, 4)}-${pad(day.m)}-${pad(day.d)}${sep}${pad(h)}:${pad(mi)}${seconds}${zone}`;
      const ms = frac === null || s === null ? 0 : Number(frac.padEnd(3, '0').slice(0, 3));
      const offset = /^[+-]/.test(zone) ? (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.length > 3 ? zone.slice(-2) : 0)) : 0;
      return new When(text, utc(day.y, day.m, day.d, h, mi, s ?? 0, ms) - offset * 60_000);
    }).filter((w) => w.epochMs >= utc(1, 1, 1) && w.epochMs < utc(10000, 1, 1)),
  },
);

// ---- the walk ----------------------------------------------------------------------------------

export interface WalkOptions {
  /** Per property path (e.g. `lineas`), an arbitrary to use instead of the schema's. */
  overrides?: Record<string, fc.Arbitrary<Gen>>;
  maxItems?: number;
}

export function arbitraryFor(input: unknown, options: WalkOptions = {}, path = ''): fc.Arbitrary<Gen> {
  const override = options.overrides?.[path];
  if (override) return override;
  const schema = resolve(input);
  const value = nonNull(schema, options, path);
  return schema.nullable === true ? fc.oneof({ arbitrary: value, weight: 3 }, { arbitrary: fc.constant(null), weight: 1 }) : value;
}

function nonNull(schema: Schema, options: WalkOptions, path: string): fc.Arbitrary<Gen> {
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as Gen[]).filter((v) => v !== null));
  switch (schema.type) {
    case 'string': {
      const min = (schema.minLength as number | undefined) ?? 0;
      const max = (schema.maxLength as number | undefined) ?? 500;
      if (schema.format === 'date-time') return dateTimeArbitrary;
      if (schema.format === 'date') return dateArbitrary;
      if (typeof schema.pattern === 'string') return patternArbitrary(schema.pattern, min, max);
      return textArbitrary(min, max);
    }
    case 'number':
      return decimalArbitrary(schema);
    case 'integer':
      return fc.integer({ min: (schema.minimum as number | undefined) ?? -(2 ** 31), max: (schema.maximum as number | undefined) ?? 2 ** 31 - 1 });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(arbitraryFor(schema.items, options, `${path}[]`), { maxLength: Math.min((schema.maxItems as number | undefined) ?? 10, options.maxItems ?? 3) });
    case 'object':
      return objectArbitrary(schema, options, path);
    default:
      throw new Error(`no arbitrary for schema at ${path || '(body)'}: ${JSON.stringify(schema).slice(0, 100)}`);
  }
}

function objectArbitrary(schema: Schema, options: WalkOptions, path: string): fc.Arbitrary<Gen> {
  const properties = (schema.properties ?? {}) as Record<string, unknown>;
  const required = new Set((schema.required ?? []) as string[]);
  const model: Record<string, fc.Arbitrary<Gen>> = {};
  for (const [name, sub] of Object.entries(properties)) model[name] = arbitraryFor(sub, options, path ? `${path}.${name}` : name);
  const minProperties = (schema.minProperties as number | undefined) ?? 0;
  return fc.record(model, { requiredKeys: [...required] }).filter((o) => Object.keys(o).length >= minProperties) as fc.Arbitrary<Gen>;
}

// ---- reading back ------------------------------------------------------------------------------

/** Parses an answer keeping each number's JSON text, so decimals compare digit for digit. */
export function parseWithNumberText(text: string): unknown {
  return JSON.parse(text, (_k, v: unknown, context?: { source?: string }) => (typeof v === 'number' ? new NumberText(context!.source!) : v));
}

export class NumberText {
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
}

/**
 * Mismatches between what was sent and what came back, as readable lines (empty when it reads
 * back exactly). Decimals compare by exact value, dates by instant, everything else by equality.
 */
export function readBackMismatches(sent: Gen, got: unknown, at = ''): string[] {
  if (sent instanceof Dec) {
    return got instanceof NumberText && canonical(got.text) === sent.exact ? [] : [`${at}: sent ${sent.text} (= ${sent.exact}), got ${describe(got)}`];
  }
  if (sent instanceof When) {
    return typeof got === 'string' && Date.parse(got) === sent.epochMs ? [] : [`${at}: sent ${sent.text} (= ${new Date(sent.epochMs).toISOString()}), got ${describe(got)}`];
  }
  if (Array.isArray(sent)) {
    if (!Array.isArray(got) || got.length !== sent.length) return [`${at}: sent ${sent.length} items, got ${describe(got)}`];
    return sent.flatMap((s, i) => readBackMismatches(s, got[i], `${at}/${i}`));
  }
  if (sent !== null && typeof sent === 'object') {
    if (got === null || typeof got !== 'object') return [`${at}: sent an object, got ${describe(got)}`];
    return Object.entries(sent).flatMap(([k, v]) => readBackMismatches(v, (got as Record<string, unknown>)[k], `${at}/${k}`));
  }
  if (got instanceof NumberText) return typeof sent === 'number' && Number(got.text) === sent ? [] : [`${at}: sent ${String(sent)}, got ${got.text}`];
  return sent === got ? [] : [`${at}: sent ${JSON.stringify(sent)}, got ${describe(got)}`];
}

function describe(v: unknown): string {
  return v instanceof NumberText ? v.text : JSON.stringify(v)?.slice(0, 200) ?? String(v);
}
