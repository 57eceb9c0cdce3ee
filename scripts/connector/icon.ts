/**
 * `npm run connector:icon`: draws connector/icon.png, the connector's 230×230 icon: the brand green
 * square with a white gear (the maintained asset) and a lightning bolt (energy) inside it. Drawn
 * with signed-distance shapes and 4×4 supersampling for smooth edges; PNG bytes are written with
 * node:zlib (deflate + CRC-32), so no image library is needed for one small opaque RGB picture.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';

export const ICON_SIZE = 230;
/** Must equal apiProperties.json iconBrandColor. */
export const BRAND_COLOR = '#0B6E4F';
const GLYPH_COLOR = '#FFFFFF';
const ACCENT_COLOR = '#F5B700';

type Rgb = readonly [number, number, number];

function hex(colour: string): Rgb {
  const n = Number.parseInt(colour.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** Inside test for a polygon (even–odd rule). */
function inPolygon(x: number, y: number, points: readonly (readonly [number, number])[]): boolean {
  let inside = false;
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
    const [xi, yi] = points[i]!;
    const [xj, yj] = points[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

const C = ICON_SIZE / 2;
// Lightning bolt, in icon pixels, centred on the gear.
const BOLT: (readonly [number, number])[] = [
  [C + 8, C - 42], [C - 23, C + 6], [C - 3, C + 6], [C - 11, C + 42], [C + 23, C - 8], [C + 3, C - 8], [C + 11, C - 42],
];

/** Which colour a point of the icon has (x, y in pixels, fractional). */
function shade(x: number, y: number): Rgb | undefined {
  const dx = x - C;
  const dy = y - C;
  const r = Math.hypot(dx, dy);
  const angle = Math.atan2(dy, dx);
  // Gear: ring between radii 48 and 66 with 8 teeth reaching out to 80, so the glyph spans the
  // ~160 px that certification asks for inside the 230 px square.
  const toothPhase = ((angle / (2 * Math.PI)) * 8 + 8.25) % 1;
  const inTooth = toothPhase < 0.5;
  const outer = inTooth ? 80 : 66;
  if (inPolygon(x, y, BOLT)) return hex(ACCENT_COLOR);
  if (r >= 48 && r <= outer) return hex(GLYPH_COLOR);
  return undefined;
}

/** Raw RGB pixels, rows top to bottom. */
export function drawIcon(size = ICON_SIZE): Uint8Array {
  const background = hex(BRAND_COLOR);
  const pixels = new Uint8Array(size * size * 3);
  const samples = 4;
  const scale = ICON_SIZE / size;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const sum = [0, 0, 0];
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const colour = shade((px + (sx + 0.5) / samples) * scale, (py + (sy + 0.5) / samples) * scale) ?? background;
          for (let c = 0; c < 3; c++) sum[c]! += colour[c]!;
        }
      }
      for (let c = 0; c < 3; c++) pixels[(py * size + px) * 3 + c] = Math.round(sum[c]! / (samples * samples));
    }
  }
  return pixels;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** An 8-bit truecolour, non-interlaced PNG of `pixels` (RGB, `size`×`size`). */
export function encodePng(pixels: Uint8Array, size: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8); // bit depth 8, colour type RGB, deflate, filter 0, no interlace
  const rows = Buffer.alloc(size * (size * 3 + 1));
  for (let y = 0; y < size; y++) {
    rows[y * (size * 3 + 1)] = 0; // filter type None per row
    rows.set(pixels.subarray(y * size * 3, (y + 1) * size * 3), y * (size * 3 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', new Uint8Array()),
  ]);
}

export const ICON_PATH = resolve(import.meta.dirname, '../../connector/icon.png');

if (import.meta.main) {
  const png = encodePng(drawIcon(), ICON_SIZE);
  writeFileSync(ICON_PATH, png);
  console.log(`wrote ${ICON_PATH} (${png.length} bytes)`);
}
