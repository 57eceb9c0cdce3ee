/**
 * Builds `WHERE a = $1 AND b = $2` from optional filters: each pair is a condition with one `?`
 * and its value; pairs whose value is undefined are left out. Values go to `params`, so the caller
 * can keep numbering after them (e.g. for LIMIT).
 */
export function where(pairs: readonly (readonly [string, unknown])[], params: unknown[]): string {
  const parts: string[] = [];
  for (const [condition, value] of pairs) {
    if (value !== undefined) parts.push(condition.replace('?', `$${params.push(value)}`));
  }
  return parts.length ? `WHERE ${parts.join(' AND ')}` : '';
}
