/**
 * Exact decimals through JSON. `JSON.parse` turns 12345678901234.5678 into the nearest double and
 * the digits are gone; money must round-trip exactly. The reviver's source text (Node ≥ 21) lets us
 * keep each number's digits beside the parsed value, and `JSON.rawJSON` writes stored numeric
 * strings back out as JSON numbers with exactly their digits.
 */
import { invalidField } from '../errors/index.ts';
import { formatDecimal, integerDigits, parseDecimal, places } from './decimal.ts';

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

/**
 * The JSON text of the number `holder[key]`: the digits the client sent when the value came from
 * `parseJsonExact`, else the number's shortest round-trip form (`String(n)`).
 */
export function numberText(holder: object, key: string): string {
  return sources.get(holder)?.get(key) ?? String((holder as Record<string, unknown>)[key]);
}

/** Normalises a numeric string from the database ("1200.5000") to its shortest exact form ("1200.5"). */
export function normalizeDecimal(text: string): string {
  if (!text.includes('.')) return text;
  return text.replace(/0+$/, '').replace(/\.$/, '');
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
 * The exact decimal text of a validated input field, in plain notation ("1.5e3" → "1500"). The
 * request validator has already held it to the spec's bounds and places on its JSON text; this
 * still refuses what numeric(19,4) cannot hold, so a spec without bounds cannot make PostgreSQL
 * round a value silently. `field` names it in the error (e.g. `/body/total`).
 * Returns undefined when absent and null when null.
 */
export function exactDecimal(holder: object, key: string, field: string): string | null | undefined {
  const value = (holder as Record<string, unknown>)[key];
  if (value === undefined || value === null) return value;
  const d = typeof value === 'number' ? parseDecimal(numberText(holder, key)) : undefined;
  if (!d) throw invalidField(field, 'type', 'must be a decimal number');
  if (places(d) > 4) throw invalidField(field, 'multipleOf', 'must have at most 4 decimal places');
  if (integerDigits(d) > 15) throw invalidField(field, 'maximum', 'must have at most 15 digits before the decimal point');
  return formatDecimal(d);
}
