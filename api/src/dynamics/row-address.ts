/**
 * How a row is addressed in a URL. Dataverse documents that GET, PATCH and upsert by an alternate
 * key do not work when the key value holds any of `/ # < > * % & : \ ? +` (reference §3.3), and the
 * CMMS allows `/` (and more, through old data) in its codes. Such rows are addressed by a primary
 * key derived from the key instead: a name-based UUID (RFC 9562 version 5) of the entity set, key
 * column and lower-cased key value. `PATCH set(<that id>)` with the key column in the body creates
 * the row with that id when it is absent and updates it otherwise, so a retry, a resumed job or a
 * second writer always lands on the same row, and the alternate key's unique index still refuses a
 * second row with the same key. Lower case, because Dataverse compares key values without case.
 *
 * A row of such a key that already exists under another id (made by hand, or by a tool that let
 * Dataverse pick the id) answers the derived-id write with DuplicateRecordEntityKey; the writers
 * then find it with `$filter` and write it by its real id (see upsert.ts).
 *
 * Hand-written rather than the `uuid` package: it is a dozen lines over node:crypto, and the
 * project avoids new dependencies.
 */
import { createHash } from 'node:crypto';
import { keyPath } from './keys.ts';

/** The characters Dataverse cannot take in an alternate-key value in a URL. */
export const UNADDRESSABLE_KEY_CHARACTERS = /[/#<>*%&:\\?+]/;

/** Fixed namespace of the derived ids (a random v4 UUID chosen once for this product). */
const NAMESPACE = 'b7e3c1d2-5a4f-4e8b-9c6d-2f1a0e9d8c7b';

export function addressableByKey(value: string): boolean {
  return !UNADDRESSABLE_KEY_CHARACTERS.test(value);
}

/** The derived primary key of the row holding `key` (version-5 UUID, lower case). */
export function derivedRowId(entitySet: string, keyColumn: string, key: string): string {
  const ns = Buffer.from(NAMESPACE.replaceAll('-', ''), 'hex');
  const hash = createHash('sha1').update(ns).update(`${entitySet}\n${keyColumn}\n${key.toLowerCase()}`, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const h = hash.subarray(0, 16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

export interface RowAddress {
  /** Relative to the Web API root. */
  path: string;
  /** True when addressed by the derived primary key: the body must then carry the key column. */
  byId: boolean;
  id?: string;
}

export function rowAddress(entitySet: string, keyColumn: string, key: string): RowAddress {
  if (addressableByKey(key)) return { path: keyPath(entitySet, keyColumn, key), byId: false };
  const id = derivedRowId(entitySet, keyColumn, key);
  return { path: `${entitySet}(${id})`, byId: true, id };
}

/** Dataverse's DuplicateRecordEntityKey: the key is already held by another row. */
export function isDuplicateKey(code: string): boolean {
  return code.toLowerCase() === '0x80060892';
}
