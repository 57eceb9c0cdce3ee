/**
 * Exact decimals through JSON. `JSON.parse` turns 12345678901234.5678 into the nearest double and
 * the digits are gone; money must round-trip exactly. The reviver's source text (Node ≥ 21) lets us
 * keep each number's digits beside the parsed value, and `JSON.rawJSON` writes stored numeric
 * strings back out as JSON numbers with exactly their digits.
 */
import { invalidField } from '../errors/index.ts';

const sources = new WeakMap<object, Map<string, string>>();

/** Parses JSON, remembering the source text of every number by its holder object and key. */
export function parseJsonExact(text: string): unknown {
  return JSON.parse(text, function (this: object, key: string, value: unknown, context?: { source?: string }) {
    if (typeof value === 'number' && context?.source !== undefined) {
      let m = sources.get(this);
      if (!m) sources.set(this, (m = new Map()));
      m.set(key, context.source);
    }
    return value;
  });
}

const DECIMAL = /^-?(\d+)(?:\.(\d+))?(?:[eE][+-]?\d+)?$/;

/**
 * The exact decimal text of `holder[key]`: the digits the client sent when the value came from
 * `parseJsonExact`, else the number's shortest round-trip form. Exponents are expanded.
 */
export function decimalText(holder: object, key: string): string {
  const value = (holder as Record<string, unknown>)[key];
  const source = sources.get(holder)?.get(key);
  const text = source ?? String(value);
  return expandExponent(text);
}

function expandExponent(text: string): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?[eE]([+-]?\d+)$/.exec(text);
  if (!m) return text;
  const [, sign, int, frac = '', expText] = m;
  const exp = Number(expText);
  const digits = int! + frac;
  const point = int!.length + exp;
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** Number of digits after the decimal point of an exact decimal text (trailing zeros ignored). */
export function decimalPlaces(text: string): number {
  const m = DECIMAL.exec(text);
  return m?.[2] ? m[2].replace(/0+$/, '').length : 0;
}

/** Normalises a numeric string from the database ("1200.5000") to its shortest exact form ("1200.5"). */
export function normalizeDecimal(text: string): string {
  if (!text.includes('.')) return text;
  return text.replace(/0+$/, '').replace(/\.$/, '');
}

/**
 * Whether an incoming value equals a stored one, so an update that repeats what is stored changes
 * nothing (and starts no sync echo). Decimals compare by their digits ("900" equals the stored
 * "900.0000"); dates by instant; anything else strictly.
 */
export function sameStoredValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date || b instanceof Date) return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  const plain = /^-?\d+(\.\d+)?$/;
  if (typeof a === 'string' && typeof b === 'string' && plain.test(a) && plain.test(b)) return normalizeDecimal(a) === normalizeDecimal(b);
  if (typeof a === 'object' || typeof b === 'object') return JSON.stringify(a) === JSON.stringify(b);
  return a === b;
}

/** A stored numeric string as a raw JSON number, so the response carries exactly its digits. */
export function jsonDecimal(text: string | null | undefined): unknown {
  if (text === null || text === undefined) return null;
  return JSON.rawJSON(normalizeDecimal(text));
}

declare global {
  interface JSON {
    rawJSON(text: string): unknown;
  }
}

/**
 * The exact decimal text of an input field, checked against numeric(19,4): at most four decimal
 * places and fifteen integer digits. `field` names it in the error (e.g. `/body/total`).
 * Returns undefined when absent and null when null.
 */
export function exactDecimal(holder: object, key: string, field: string): string | null | undefined {
  const value = (holder as Record<string, unknown>)[key];
  if (value === undefined || value === null) return value;
  const text = decimalText(holder, key);
  const m = DECIMAL.exec(text);
  if (!m) throw invalidField(field, 'type', 'must be a decimal number');
  if (decimalPlaces(text) > 4) throw invalidField(field, 'multipleOf', 'must have at most 4 decimal places');
  if (m[1]!.replace(/^0+(?=\d)/, '').length > 15) throw invalidField(field, 'maximum', 'must be less than 1000000000000000');
  return text;
}
