/** ETags are the record's version; If-Match guards updates and deletes against lost updates. */
import type { Request } from 'express';
import { AppError } from '../errors/index.ts';

export function etagOf(version: number): string {
  return `"${version}"`;
}

/**
 * Throws 412 when the request's If-Match names none of the current version's tags. Absent If-Match
 * means an unconditional write, as Power Automate's default actions send it.
 */
export function checkIfMatch(req: Request, currentVersion: number): void {
  const header = req.headers['if-match'];
  if (header === undefined) return;
  const tags = header.split(',').map((t) => t.trim().replace(/^W\//, ''));
  if (tags.includes('*') || tags.includes(etagOf(currentVersion))) return;
  throw new AppError('PRECONDITION_FAILED', {
    detail: `If-Match ${header} does not match the current version ${etagOf(currentVersion)}; read the record again and retry.`,
    errors: [{ field: '/header/If-Match', rule: 'precondition', message: `must match the current ETag ${etagOf(currentVersion)}` }],
    extensions: { currentVersion },
  });
}
