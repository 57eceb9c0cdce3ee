import { describe, expect, it } from 'vitest';
import { compareDecimal, formatDecimal, isMultipleOf, parseDecimal, places } from '../../api/src/http/decimal.ts';

const d = (text: string) => {
  const parsed = parseDecimal(text);
  if (!parsed) throw new Error(`not a decimal: ${text}`);
  return parsed;
};

describe('exact decimals on JSON number text', () => {
  it('writes numbers in plain notation without trailing zeros', () => {
    expect(formatDecimal(d('1.5e3'))).toBe('1500');
    expect(formatDecimal(d('1234567.8900'))).toBe('1234567.89');
    expect(formatDecimal(d('12E-6'))).toBe('0.000012');
    expect(formatDecimal(d('-0.0'))).toBe('0');
    expect(formatDecimal(d('007.10'))).toBe('7.1');
  });

  it('refuses text that is not a JSON number', () => {
    for (const text of ['', '1.', '.5', '+1', '1e', 'NaN', 'Infinity', '0x10', ' 1']) expect(parseDecimal(text), text).toBeUndefined();
  });

  it('counts places after trailing zeros and exponents', () => {
    expect(places(d('1234567.89'))).toBe(2);
    expect(places(d('1.00001'))).toBe(5);
    expect(places(d('1.0000000'))).toBe(0);
    expect(places(d('1e-4'))).toBe(4);
    expect(places(d('123.45e2'))).toBe(0);
  });

  it('compares exactly where doubles are equal', () => {
    expect(compareDecimal(d('922337203685477.0001'), d('922337203685477'))).toBe(1);
    expect(compareDecimal(d('922337203685477'), d('922337203685477.0000'))).toBe(0);
    expect(compareDecimal(d('0.0001'), d('0'))).toBe(1);
    expect(compareDecimal(d('-5'), d('0'))).toBe(-1);
    expect(compareDecimal(d('-5'), d('-50'))).toBe(1);
    expect(compareDecimal(d('99.9'), d('100'))).toBe(-1);
    expect(compareDecimal(d('1e999999999'), d('922337203685477'))).toBe(1);
  });

  it('tests multipleOf without floating point', () => {
    const step = d('0.0001');
    for (const ok of ['1234567.89', '99999999.99', '4547047.52', '0', '922337203685477.0001', '1e20']) expect(isMultipleOf(d(ok), step), ok).toBe(true);
    for (const bad of ['1.00001', '1e-5', '0.00005']) expect(isMultipleOf(d(bad), step), bad).toBe(false);
    expect(isMultipleOf(d('7.5'), d('2.5'))).toBe(true);
    expect(isMultipleOf(d('7.6'), d('2.5'))).toBe(false);
    expect(isMultipleOf(d('3e400'), d('3'))).toBe(true);
    expect(isMultipleOf(d('1e400'), d('3'))).toBe(false);
  });
});
