/**
 * Ajv's numeric keywords (minimum, maximum, exclusiveMinimum, exclusiveMaximum, multipleOf) made
 * exact. Ajv compares and divides doubles: it refuses 1234567.89 as a multiple of 0.0001 and cannot
 * tell 922337203685477.0001 from its maximum. These keywords read each number's JSON source text
 * (json.ts keeps it while parsing) and decide in decimal arithmetic (decimal.ts).
 */
import type { Ajv, ErrorObject } from 'ajv';
import { compareDecimal, formatDecimal, isMultipleOf, parseDecimal, type Decimal } from './decimal.ts';
import { numberText } from './json.ts';

type Bound = 'minimum' | 'maximum' | 'exclusiveMinimum' | 'exclusiveMaximum';
const BOUNDS: Record<Bound, { holds: (order: number) => boolean; words: string }> = {
  minimum: { holds: (o) => o >= 0, words: 'must be at least' },
  maximum: { holds: (o) => o <= 0, words: 'must be at most' },
  exclusiveMinimum: { holds: (o) => o > 0, words: 'must be more than' },
  exclusiveMaximum: { holds: (o) => o < 0, words: 'must be less than' },
};

/** A bound from the spec as an exact decimal; the YAML number must say exactly what it means. */
function schemaDecimal(keyword: string, n: unknown): Decimal {
  const d = typeof n === 'number' && Number.isFinite(n) ? parseDecimal(String(n)) : undefined;
  if (!d) throw new Error(`openapi.yaml: ${keyword} must be a finite number, not ${String(n)}`);
  return d;
}

interface NumberContext {
  parentData?: unknown;
  parentDataProperty?: string | number;
}

/** The exact decimal a number in the validated data stands for: its JSON text when known. */
function dataDecimal(data: number, cxt: NumberContext | undefined): Decimal | undefined {
  const holder = cxt?.parentData;
  const text = holder !== null && typeof holder === 'object' && cxt?.parentDataProperty !== undefined
    ? numberText(holder, String(cxt.parentDataProperty))
    : String(data);
  return parseDecimal(text);
}

/**
 * Replaces ajv's numeric keywords with exact ones. Ajv compares and divides doubles: it refuses
 * 1234567.89 as a multiple of 0.0001 and cannot tell 922337203685477.0001 from its maximum. These
 * compare the number's JSON source text (json.ts keeps it) in decimal, so the keywords in
 * openapi.yaml mean exactly what they say, for every number the API reads.
 */
export function exactNumberKeywords(ajv: Ajv): void {
  for (const keyword of [...Object.keys(BOUNDS), 'multipleOf']) ajv.removeKeyword(keyword);
  for (const [keyword, rule] of Object.entries(BOUNDS) as [Bound, (typeof BOUNDS)[Bound]][]) {
    const check = (limit: unknown) => {
      const bound = schemaDecimal(keyword, limit);
      const text = formatDecimal(bound);
      const fn = (data: number, cxt?: NumberContext): boolean => {
        const value = dataDecimal(data, cxt);
        if (value && rule.holds(compareDecimal(value, bound))) return true;
        fn.errors = [{ keyword, message: `${rule.words} ${text}`, params: { comparison: keyword, limit } }];
        return false;
      };
      fn.errors = [] as Partial<ErrorObject>[];
      return fn;
    };
    ajv.addKeyword({ keyword, type: 'number', schemaType: 'number', errors: true, compile: (limit) => check(limit) as never });
  }
  ajv.addKeyword({
    keyword: 'multipleOf',
    type: 'number',
    schemaType: 'number',
    errors: true,
    compile(step: number) {
      const stepDecimal = schemaDecimal('multipleOf', step);
      const text = formatDecimal(stepDecimal);
      const message = stepDecimal.units === 1n && stepDecimal.scale > 0 ? `must have at most ${stepDecimal.scale} decimal places` : `must be a multiple of ${text}`;
      const fn = (data: number, cxt?: NumberContext): boolean => {
        const value = dataDecimal(data, cxt);
        if (value && isMultipleOf(value, stepDecimal)) return true;
        fn.errors = [{ keyword: 'multipleOf', message, params: { multipleOf: step } }];
        return false;
      };
      fn.errors = [] as Partial<ErrorObject>[];
      return fn as never;
    },
  });
}
