/**
 * Exact decimal arithmetic on JSON number text, for the few things the API asks of a number:
 * compare it with a bound, test `multipleOf`, count its places, write it without an exponent.
 * Floating point cannot do these for money: 1234567.89 / 0.0001 is not an integer in binary, and
 * 922337203685477.0001 parses to the same double as 922337203685477. A decimal here is its digits
 * as a BigInt and a power-of-ten scale, so every answer is exact. (No library: decimal.js & co.
 * would be a dependency for four small functions, and none reads JSON's own number grammar.)
 */

/** value = sign × units / 10^scale, with units free of trailing zeros (0 is units 0n, scale 0). */
export interface Decimal {
  readonly negative: boolean;
  readonly units: bigint;
  readonly scale: number;
}

const NUMBER = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

/** Parses JSON number text (also `String(n)` output); undefined when it is not one. */
export function parseDecimal(text: string): Decimal | undefined {
  const m = NUMBER.exec(text);
  if (!m) return undefined;
  const [, sign, int, frac = '', exp = '0'] = m;
  const all = (int! + frac).replace(/^0+/, '');
  const digits = all.replace(/0+$/, '');
  if (digits === '') return { negative: false, units: 0n, scale: 0 };
  // An exponent of any size is fine: the scale is a plain number and nothing is expanded.
  const scale = frac.length - Number(exp) - (all.length - digits.length);
  return { negative: sign === '-', units: BigInt(digits), scale };
}

/** Digits after the decimal point, trailing zeros ignored (0 for integers). */
export function places(d: Decimal): number {
  return Math.max(0, d.scale);
}

/** How many digits stand before the decimal point (0 for values under 1). */
export function integerDigits(d: Decimal): number {
  return d.units === 0n ? 0 : Math.max(0, d.units.toString().length - d.scale);
}

/** -1, 0 or 1 as a is less than, equal to or greater than b. */
export function compareDecimal(a: Decimal, b: Decimal): number {
  const sa = a.units === 0n ? 0 : a.negative ? -1 : 1;
  const sb = b.units === 0n ? 0 : b.negative ? -1 : 1;
  if (sa !== sb || sa === 0) return Math.sign(sa - sb);
  const da = a.units.toString();
  const db = b.units.toString();
  // Magnitude first by the position of the leading digit, then digit by digit.
  const lead = da.length - a.scale - (db.length - b.scale);
  let magnitude = Math.sign(lead);
  if (magnitude === 0) {
    const width = Math.max(da.length, db.length);
    const pa = da.padEnd(width, '0');
    const pb = db.padEnd(width, '0');
    magnitude = pa < pb ? -1 : pa > pb ? 1 : 0;
  }
  return sa * magnitude;
}

function powMod(exponent: number, modulus: bigint): bigint {
  let result = 1n % modulus;
  let base = 10n % modulus;
  for (let e = exponent; e > 0; e = Math.floor(e / 2)) {
    if (e % 2 === 1) result = (result * base) % modulus;
    base = (base * base) % modulus;
  }
  return result;
}

/** Whether value is an integer multiple of step (step > 0). */
export function isMultipleOf(value: Decimal, step: Decimal): boolean {
  if (value.units === 0n) return true;
  // A multiple of step never has more places than step itself.
  if (value.scale > step.scale) return false;
  // value / step = value.units × 10^(step.scale − value.scale) / step.units
  return (value.units % step.units) * powMod(step.scale - value.scale, step.units) % step.units === 0n;
}

/** The decimal in plain notation with no exponent and no trailing zeros: 1.5e3 → "1500". */
export function formatDecimal(d: Decimal): string {
  if (d.units === 0n) return '0';
  const digits = d.units.toString();
  const sign = d.negative ? '-' : '';
  if (d.scale <= 0) return sign + digits + '0'.repeat(-d.scale);
  const padded = digits.padStart(d.scale + 1, '0');
  return `${sign}${padded.slice(0, -d.scale)}.${padded.slice(-d.scale)}`;
}

/** Whether two decimal texts name the same value ("10" and "10.0000" do); false if either is not one. */
export function sameDecimal(a: string, b: string): boolean {
  const da = parseDecimal(a);
  const db = parseDecimal(b);
  return da !== undefined && db !== undefined && compareDecimal(da, db) === 0;
}
