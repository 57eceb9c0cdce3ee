/**
 * Table definitions and the column rules Dataverse enforces on them. `TableDefinition` is the one
 * shape the stand-in serves: written by hand in tables.ts today, and meant to be produced from a
 * solution's own table files later (Entity.xml attributes map one to one: nvarchar/memo → string
 * with MaxLength, money/decimal with Precision/MinValue/MaxValue, int, bit, datetime with its
 * Format (dateonly vs datetime), picklist/state/status options, lookup targets, EntityKeys).
 *
 * Values are checked the way the Web API's OData reader does before any business rule runs: a JSON
 * value of the wrong kind is 400 0x80048d19 "… Cannot convert …"; then Dataverse's own validation
 * (length, choice values, numeric range) answers with its codes.
 */
import { StandinError } from './errors.ts';

export type ColumnDefinition =
  | { type: 'string'; maxLength: number }
  | { type: 'money' | 'decimal' | 'double'; precision: number; min: number; max: number }
  | { type: 'integer'; min: number; max: number }
  | { type: 'bigint' | 'boolean' | 'guid' }
  /** DateOnly columns are Edm.Date ('2024-09-01'); DateTime columns Edm.DateTimeOffset. */
  | { type: 'date' | 'datetime' }
  | { type: 'choice'; options: readonly number[] }
  /** `targets` are logical names of the tables the lookup may point at. */
  | { type: 'lookup'; targets: readonly string[] };

export type ColumnType = ColumnDefinition['type'];

export interface TableDefinition {
  logicalName: string;
  entitySet: string;
  /** Defaults to `<logicalName>id`. */
  primaryId?: string;
  /** Declared alternate keys, each a list of columns. */
  alternateKeys: string[][];
  /** Writable columns with their types; undefined leaves the table untyped (any property accepted). */
  columns?: Record<string, ColumnDefinition>;
  upsertMultiple: boolean;
  /** Columns that can be written but never read back (serviceendpoint.authvalue). */
  writeOnly?: string[];
}

/** Dataverse's published limits: money ±922,337,203,685,477 (4 places), decimal ±100,000,000,000 (10 places). */
export const MONEY_LIMIT = 922_337_203_685_477;
export const DECIMAL_LIMIT = 100_000_000_000;

export const column = {
  text: (maxLength: number): ColumnDefinition => ({ type: 'string', maxLength }),
  money: (precision = 2, min = -MONEY_LIMIT, max = MONEY_LIMIT): ColumnDefinition => ({ type: 'money', precision, min, max }),
  decimal: (precision = 2, min = -DECIMAL_LIMIT, max = DECIMAL_LIMIT): ColumnDefinition => ({ type: 'decimal', precision, min, max }),
  double: (precision: number, min: number, max: number): ColumnDefinition => ({ type: 'double', precision, min, max }),
  integer: (min = -2_147_483_648, max = 2_147_483_647): ColumnDefinition => ({ type: 'integer', min, max }),
  boolean: { type: 'boolean' } as ColumnDefinition,
  dateOnly: { type: 'date' } as ColumnDefinition,
  dateTime: { type: 'datetime' } as ColumnDefinition,
  choice: (...options: number[]): ColumnDefinition => ({ type: 'choice', options }),
  lookup: (...targets: string[]): ColumnDefinition => ({ type: 'lookup', targets }),
};

/** The Edm type the Web API's $metadata gives each column type. */
export const EDM: Record<ColumnType, string> = {
  string: 'Edm.String', money: 'Edm.Decimal', decimal: 'Edm.Decimal', double: 'Edm.Double', integer: 'Edm.Int32',
  bigint: 'Edm.Int64', boolean: 'Edm.Boolean', guid: 'Edm.Guid', date: 'Edm.Date', datetime: 'Edm.DateTimeOffset',
  choice: 'Edm.Int32', lookup: 'Edm.Guid',
};

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// ODataLib reads Edm.DateTimeOffset from ISO 8601 with seconds; a bare date is accepted as midnight.
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:T([01]\d|2[0-3]):([0-5]\d):([0-5]\d)(?:\.\d{1,7})?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)?)?$/;

function realDate(y: string, m: string, d: string): boolean {
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  return date.getUTCFullYear() === Number(y) && date.getUTCMonth() === Number(m) - 1 && date.getUTCDate() === Number(d);
}

export function isDateLiteral(text: string): boolean {
  const m = DATE.exec(text);
  return !!m && realDate(m[1]!, m[2]!, m[3]!);
}

export function isDateTimeLiteral(text: string): boolean {
  const m = DATE_TIME.exec(text);
  return !!m && realDate(m[1]!, m[2]!, m[3]!);
}

/** Milliseconds since the epoch of a date or date-time text (a bare date is midnight UTC). */
export function instant(text: string): number {
  return Date.parse(DATE.test(text) ? `${text}T00:00:00Z` : text);
}

export interface CheckContext {
  entitySet: string;
  logicalName: string;
  column: string;
  /** The number's JSON text, so precision is judged on the digits sent, not on a float. */
  source?: string | undefined;
}

/** Error for a value the OData reader cannot convert (the payload never reaches Dataverse's logic). */
export function payloadError(entitySet: string, inner: string): StandinError {
  return new StandinError(400, '0x80048d19', `Error identified in Payload provided by the user for Entity :'${entitySet}', For more information on this error please follow this help link https://go.microsoft.com/fwlink/?linkid=2195293  ---->  InnerException : Microsoft.OData.ODataException: ${inner}`);
}

function literalText(value: unknown, source?: string): string {
  return typeof value === 'string' ? value : source ?? JSON.stringify(value);
}

function cannotConvert(ctx: CheckContext, value: unknown, type: ColumnType): StandinError {
  return payloadError(ctx.entitySet, `Cannot convert the literal '${literalText(value, ctx.source)}' to the expected type '${EDM[type]}'.`);
}

function outOfRange(ctx: CheckContext, value: string, min: number, max: number): StandinError {
  // [inferred] message built like the documented picklist one; the hex code is not published.
  return new StandinError(400, '0x0', `A validation error occurred. The value ${value} of '${ctx.column}' on record of type '${ctx.logicalName}' is outside the valid range. Accepted Range: ${min} to ${max}.`);
}

/** Rounds a decimal's text to `places`, half away from zero, exactly (no float arithmetic on the digits). */
export function roundDecimalText(text: string, places: number): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!m || m[4] !== undefined) return String(Number(Number(text).toFixed(places)));
  const [, sign, whole, frac = ''] = m;
  if (frac.length <= places) return text;
  let digits = (whole! + frac.slice(0, places)).split('').map(Number);
  if (Number(frac[places]) >= 5) {
    let i = digits.length - 1;
    while (i >= 0 && digits[i] === 9) { digits[i] = 0; i--; }
    if (i < 0) digits = [1, ...digits];
    else digits[i]!++;
  }
  const all = digits.join('');
  const cut = all.length - places;
  return `${sign}${places ? `${all.slice(0, cut)}.${all.slice(cut)}` : all}`;
}

/** A plain decimal text as an integer count of 10^-places units (exponent forms go through Number). */
function scaled(text: string, places: number): bigint {
  const plain = /[eE]/.test(text) ? Number(text).toFixed(places) : text;
  const [whole = '0', frac = ''] = plain.replace('-', '').split('.');
  const units = BigInt(whole + frac.padEnd(places, '0').slice(0, places));
  return plain.startsWith('-') ? -units : units;
}

/**
 * Checks one value against its column and returns what Dataverse stores: numbers rounded to the
 * column's precision, everything else as sent. Throws the StandinError Dataverse would answer.
 */
export function checkValue(def: ColumnDefinition, value: unknown, ctx: CheckContext): unknown {
  if (value === null) return null;
  if (typeof value === 'object') {
    throw payloadError(ctx.entitySet, `An unexpected 'StartObject' node was found for property named '${ctx.column}' when reading from the JSON reader. A 'PrimitiveValue' node was expected.`);
  }
  switch (def.type) {
    case 'string':
      if (typeof value !== 'string') throw cannotConvert(ctx, value, def.type);
      // nvarchar lengths count UTF-16 code units, as String.length does.
      if (value.length > def.maxLength) {
        throw new StandinError(400, '0x80044331', `A validation error occurred.  The length of the '${ctx.column}' attribute of the '${ctx.logicalName}' entity exceeded the maximum allowed length of '${def.maxLength}'.`);
      }
      return value;
    case 'money':
    case 'decimal':
    case 'double': {
      if (typeof value === 'string') {
        // Dataverse reads JSON without IEEE754Compatible=true: a decimal must be a JSON number.
        throw payloadError(ctx.entitySet, `Cannot convert a value to target type '${EDM[def.type]}' because of conflict between input format string/number and parameter 'IEEE754Compatible' false/true.`);
      }
      if (typeof value !== 'number') throw cannotConvert(ctx, value, def.type);
      const text = roundDecimalText(ctx.source ?? String(value), def.precision);
      // Compared on the digits: near ±922,337,203,685,477 a double cannot tell .01 from .00.
      if (scaled(text, def.precision) < scaled(def.min.toFixed(def.precision), def.precision) || scaled(text, def.precision) > scaled(def.max.toFixed(def.precision), def.precision)) {
        throw outOfRange(ctx, ctx.source ?? String(value), def.min, def.max);
      }
      return Number(text);
    }
    case 'integer':
    case 'choice':
    case 'bigint': {
      if (typeof value !== 'number' || !Number.isInteger(value) || (def.type !== 'bigint' && (value < -2_147_483_648 || value > 2_147_483_647))) throw cannotConvert(ctx, value, def.type);
      if (def.type === 'integer' && (value < def.min || value > def.max)) throw outOfRange(ctx, String(value), def.min, def.max);
      if (def.type === 'choice' && !def.options.includes(value)) {
        throw new StandinError(400, '0x8004431A', `A validation error occurred. The value ${value} of '${ctx.column}' on record of type '${ctx.logicalName}' is outside the valid range. Accepted Values: ${def.options.join(',')}`);
      }
      return value;
    }
    case 'boolean':
      if (typeof value !== 'boolean') throw cannotConvert(ctx, value, def.type);
      return value;
    case 'date':
      if (typeof value !== 'string' || !isDateLiteral(value)) throw cannotConvert(ctx, value, def.type);
      return checkYear(value, ctx);
    case 'datetime':
      if (typeof value !== 'string' || !isDateTimeLiteral(value)) throw cannotConvert(ctx, value, def.type);
      return checkYear(value, ctx);
    case 'guid':
    case 'lookup':
      if (typeof value !== 'string' || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)) throw cannotConvert(ctx, value, def.type);
      return value.toLowerCase();
  }
}

/** Dataverse stores dates in SQL datetime columns: nothing before 1753. */
function checkYear(value: string, ctx: CheckContext): string {
  if (Number(value.slice(0, 4)) < 1753) {
    throw new StandinError(400, '0x80044331', `The date-time format for ${ctx.column} is invalid, or value is outside the supported range.`);
  }
  return value;
}

/**
 * Orders two stored values of one column the way SQL Server does: nulls first, numbers by value,
 * dates by instant, text case-insensitively.
 */
export function compareStored(type: ColumnType | undefined, a: unknown, b: unknown): number {
  const aNull = a === null || a === undefined;
  const bNull = b === null || b === undefined;
  if (aNull || bNull) return aNull === bNull ? 0 : aNull ? -1 : 1;
  if (type === 'date' || type === 'datetime') return Math.sign(instant(String(a)) - instant(String(b)));
  if (typeof a === 'number' && typeof b === 'number') return Math.sign(a - b);
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
  const x = String(a).toLowerCase();
  const y = String(b).toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

const NUMBER_SOURCES = new WeakMap<object, Record<string, string>>();

/**
 * JSON.parse that remembers each number's text (V8's reviver `context.source`), so a money value
 * is judged on the digits the client sent rather than on the nearest double.
 */
export function parseJsonKeepingNumbers(text: string): unknown {
  type Reviver = (this: object, key: string, value: unknown, context?: { source?: string }) => unknown;
  const reviver: Reviver = function (key, value, context) {
    if (typeof value === 'number' && context?.source !== undefined) {
      const sources = NUMBER_SOURCES.get(this) ?? {};
      sources[key] = context.source;
      NUMBER_SOURCES.set(this, sources);
    }
    return value;
  };
  return JSON.parse(text, reviver as Parameters<typeof JSON.parse>[1]);
}

/** The JSON text of `holder[key]` when it was parsed by parseJsonKeepingNumbers. */
export function numberSource(holder: object, key: string): string | undefined {
  return NUMBER_SOURCES.get(holder)?.[key];
}

const EXACT_TEXTS = new WeakMap<object, Record<string, string>>();
type RawJson = (text: string) => unknown;
/** JSON.rawJSON (V8): lets JSON.stringify write a number's digits verbatim. */
const rawJSON = (JSON as unknown as { rawJSON: RawJson }).rawJSON;

/** Remembers the decimal texts a normalized body holds (column → digits as stored). */
export function keepExactTexts(fields: object, texts: Record<string, string>): void {
  if (Object.keys(texts).length) EXACT_TEXTS.set(fields, texts);
}

export function exactTextsOf(fields: object): Record<string, string> {
  return EXACT_TEXTS.get(fields) ?? {};
}

/** A stored number as the Web API writes it: the exact digits when known, else the number. */
export function exactNumber(value: unknown, text: string | undefined): unknown {
  return typeof value === 'number' && text !== undefined && Number(text) === value ? rawJSON(text) : value;
}

/** JSON text of a normalized body with its decimals' exact digits (for bodies re-sent internally). */
export function stringifyExact(fields: Record<string, unknown>): string {
  const texts = exactTextsOf(fields);
  return JSON.stringify(fields, function (this: unknown, key: string, value: unknown) {
    return this === fields ? exactNumber(value, texts[key]) : value;
  });
}
