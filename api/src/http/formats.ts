/**
 * Date formats as makers send them. The API promises ISO 8601 date-times and accepts a plain date
 * too; ajv-formats' `date-time` demands a time zone and rejects plain dates, so these replace it.
 * Impossible calendar dates (2024-02-30, 25:00) are refused, not rolled over as `Date` would, and
 * so are instants outside years 0001-9999 in UTC, which PostgreSQL cannot store.
 */
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// ISO 8601 offsets: ±hh:mm, ±hhmm or ±hh (RFC 3339 has only the first; makers' tools send all three).
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?([Zz]|[+-]\d{2}(?::?\d{2})?)?$/;

/** Minutes east of UTC of a zone the DATE_TIME pattern matched (0 for Z or none). */
function offsetMinutes(tz: string | undefined): number {
  if (!tz || tz.length < 3) return 0;
  const minutes = Number(tz.slice(1, 3)) * 60 + (tz.length > 3 ? Number(tz.slice(-2)) : 0);
  return tz[0] === '-' ? -minutes : minutes;
}

function validCalendarDate(y: number, m: number, d: number): boolean {
  if (y < 1 || m < 1 || m > 12 || d < 1) return false;
  const days = [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return d <= days[m - 1]!;
}

export function isDate(s: string): boolean {
  const m = DATE.exec(s);
  return m !== null && validCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

export function isDateTime(s: string): boolean {
  if (isDate(s)) return true;
  const m = DATE_TIME.exec(s);
  if (!m || !validCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]))) return false;
  if (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6] ?? 0) > 59) return false;
  const tz = m[8];
  if (tz && tz.length > 1 && (Number(tz.slice(1, 3)) > 23 || (tz.length > 3 && Number(tz.slice(-2)) > 59))) return false;
  // PostgreSQL's timestamptz takes years 0001-9999 in UTC; an offset can push an edge date out.
  const year = parseDateTime(s).getUTCFullYear();
  return year >= 1 && year <= 9999;
}

/**
 * Parses a value `isDateTime` accepted; no zone means UTC, a plain date means its midnight UTC.
 * The instant is computed from the parts, not by `new Date(text)`: V8 reads anything but strict
 * ISO (a space or a lower-case t, no seconds) with its legacy parser, which takes year 0001 for
 * 2001. Fractions finer than a millisecond are cut off (a JavaScript Date holds milliseconds).
 */
export function parseDateTime(s: string): Date {
  const date = DATE.exec(s);
  const m = date ?? DATE_TIME.exec(s);
  if (!m) return new Date(Number.NaN);
  const [, y, mo, d] = m;
  const [h, mi, sec, frac, tz] = date ? [] : m.slice(4);
  const t = new Date(0);
  t.setUTCFullYear(Number(y), Number(mo) - 1, Number(d));
  t.setUTCHours(Number(h ?? 0), Number(mi ?? 0), Number(sec ?? 0), Number((frac ?? '.0').slice(1, 4).padEnd(3, '0')));
  return new Date(t.getTime() - offsetMinutes(tz) * 60_000);
}
