import { describe, expect, it } from 'vitest';
import { isDateTime, parseDateTime } from '../../api/src/http/formats.ts';

describe('ISO 8601 date-times as makers send them', () => {
  const instants: [string, string][] = [
    ['2024-03-01', '2024-03-01T00:00:00.000Z'],
    ['0001-01-01 00:00Z', '0001-01-01T00:00:00.000Z'],
    ['0099-12-31t23:59:59z', '0099-12-31T23:59:59.000Z'],
    ['2024-03-01T10:15', '2024-03-01T10:15:00.000Z'],
    ['2024-03-01T10:15:30.1239999+05:30', '2024-03-01T04:45:30.123Z'],
    ['2024-03-01T10:15:30.5-0330', '2024-03-01T13:45:30.500Z'],
    ['2024-03-01T10:15+05', '2024-03-01T05:15:00.000Z'],
    ['2024-02-29T23:59:59.999999999-00:00', '2024-02-29T23:59:59.999Z'],
    ['9999-12-31T23:59:59.999Z', '9999-12-31T23:59:59.999Z'],
  ];
  for (const [text, iso] of instants) {
    it(`reads ${text} as ${iso}`, () => {
      expect(isDateTime(text)).toBe(true);
      expect(parseDateTime(text).toISOString()).toBe(iso);
    });
  }

  it('refuses impossible dates, times, offsets and instants outside years 0001-9999 UTC', () => {
    for (const text of ['2023-02-29', '2024-01-01T24:00', '2024-01-01T10:60', '2024-01-01T10:00:60Z', '2024-01-01T10:00+24', '2024-01-01T10:00+05:60',
      '2024-01-01T10:00+5', '2024-01-01T10:00+05:3', '0001-01-01T00:00:00+00:01', '9999-12-31T23:59:59-00:01', '2024-1-01', '2024-01-01T', '20240101T101530Z']) {
      expect(isDateTime(text), text).toBe(false);
    }
  });
});
