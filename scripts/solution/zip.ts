/**
 * Deterministic zip writing with fflate: level 9 deflate (general-purpose bit 1, as the platform's
 * exports carry), no directory entries, MS-DOS host, and one fixed timestamp so the same sources
 * always give the same bytes.
 */
import { unzipSync, zipSync, type Zippable } from 'fflate';

/**
 * fflate encodes the DOS timestamp from the Date's local-time fields; building the Date from local
 * components keeps the stored value identical whatever the machine's time zone.
 */
const FIXED_MTIME = new Date(2025, 0, 1, 0, 0, 0);

export function writeZip(entries: ReadonlyMap<string, Uint8Array>): Uint8Array {
  const data: Zippable = {};
  for (const [name, bytes] of entries) {
    if (name.startsWith('/') || name.includes('\\') || name.endsWith('/')) throw new Error(`bad zip entry name ${name}`);
    data[name] = [bytes, { level: 9, mtime: FIXED_MTIME }];
  }
  return markMaximumCompression(zipSync(data, { level: 9, mtime: FIXED_MTIME }));
}

/**
 * fflate's zipSync leaves the general-purpose flags at 0; the platform's exports set bit 1
 * ("maximum compression") on every deflated entry, so set it in both the local and central headers.
 */
function markMaximumCompression(zip: Uint8Array): Uint8Array {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const eocd = findEndOfCentralDirectory(view, zip.length);
  const count = view.getUint16(eocd + 10, true);
  let p = view.getUint32(eocd + 16, true);
  for (let i = 0; i < count; i++) {
    if (view.getUint16(p + 10, true) === 8) {
      view.setUint16(p + 8, view.getUint16(p + 8, true) | 2, true);
      const local = view.getUint32(p + 42, true);
      view.setUint16(local + 6, view.getUint16(local + 6, true) | 2, true);
    }
    p += 46 + view.getUint16(p + 28, true) + view.getUint16(p + 30, true) + view.getUint16(p + 32, true);
  }
  return zip;
}

function findEndOfCentralDirectory(view: DataView, length: number): number {
  for (let i = length - 22; i >= 0; i--) {
    if (view.getUint32(i, true) === 0x06054b50) return i;
  }
  throw new Error('not a zip: end of central directory not found');
}

export function readZip(bytes: Uint8Array): Map<string, Uint8Array> {
  const files = unzipSync(bytes);
  return new Map(Object.entries(files));
}

export interface ZipEntryHeader {
  name: string;
  versionNeeded: number;
  flags: number;
  method: number;
  hostOs: number;
}

/** Central-directory facts per entry, read straight from the bytes (for layout checks). */
export function zipEntryHeaders(zip: Uint8Array): ZipEntryHeader[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const eocd = findEndOfCentralDirectory(view, zip.length);
  const count = view.getUint16(eocd + 10, true);
  let p = view.getUint32(eocd + 16, true);
  const out: ZipEntryHeader[] = [];
  const dec = new TextDecoder();
  for (let i = 0; i < count; i++) {
    if (view.getUint32(p, true) !== 0x02014b50) throw new Error('corrupt central directory');
    const hostOs = view.getUint8(p + 5);
    const versionNeeded = view.getUint16(p + 6, true);
    const flags = view.getUint16(p + 8, true);
    const method = view.getUint16(p + 10, true);
    const nameLen = view.getUint16(p + 28, true);
    const extraLen = view.getUint16(p + 30, true);
    const commentLen = view.getUint16(p + 32, true);
    const name = dec.decode(zip.subarray(p + 46, p + 46 + nameLen));
    out.push({ name, versionNeeded, flags, method, hostOs });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}
