import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { crc32, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BRAND_COLOR, drawIcon, encodePng, ICON_PATH, ICON_SIZE } from '../../scripts/connector/icon.ts';

interface Png { width: number; height: number; colourType: number; pixels: Buffer }

/** A strict reader for what a PNG decoder checks first: signature, chunk CRCs, IHDR, IDAT rows. */
function readPng(bytes: Buffer): Png {
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  let at = 8;
  let header: Buffer | undefined;
  const idat: Buffer[] = [];
  let ended = false;
  while (at < bytes.length) {
    const length = bytes.readUInt32BE(at);
    const type = bytes.toString('ascii', at + 4, at + 8);
    const data = bytes.subarray(at + 8, at + 8 + length);
    expect(bytes.readUInt32BE(at + 8 + length), `${type} CRC`).toBe(crc32(bytes.subarray(at + 4, at + 8 + length)));
    if (type === 'IHDR') header = data;
    if (type === 'IDAT') idat.push(data);
    if (type === 'IEND') ended = true;
    at += 12 + length;
  }
  expect(ended).toBe(true);
  const width = header!.readUInt32BE(0);
  const height = header!.readUInt32BE(4);
  const raw = inflateSync(Buffer.concat(idat));
  expect(raw.length).toBe(height * (width * 3 + 1));
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    expect(raw[y * (width * 3 + 1)]).toBe(0);
    raw.copy(pixels, y * width * 3, y * (width * 3 + 1) + 1, (y + 1) * (width * 3 + 1));
  }
  return { width, height, colourType: header![9]!, pixels };
}

const hex = (p: Buffer, x: number, y: number, w: number) =>
  '#' + [...p.subarray((y * w + x) * 3, (y * w + x) * 3 + 3)].map((v) => v.toString(16).padStart(2, '0')).join('').toUpperCase();

describe('connector icon', () => {
  const bytes = readFileSync(ICON_PATH);
  const png = readPng(bytes);

  it('is a valid opaque 230×230 truecolour PNG', () => {
    expect(png.width).toBe(230);
    expect(png.height).toBe(230);
    expect(png.colourType).toBe(2);
  });

  it('has the brand colour background, which is neither white nor the default blue and matches apiProperties', () => {
    const props = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../connector/apiProperties.json'), 'utf8'));
    expect(props.properties.iconBrandColor).toBe(BRAND_COLOR);
    expect(hex(png.pixels, 0, 0, 230)).toBe(BRAND_COLOR);
    expect(hex(png.pixels, 229, 229, 230)).toBe(BRAND_COLOR);
    expect(['#FFFFFF', '#007EE5']).not.toContain(BRAND_COLOR.toUpperCase());
  });

  it('draws a glyph: the centre area holds white and accent pixels, not only background', () => {
    const colours = new Set<string>();
    for (let y = 40; y < 190; y += 3) for (let x = 40; x < 190; x += 3) colours.add(hex(png.pixels, x, y, 230));
    expect(colours.has('#FFFFFF')).toBe(true);
    expect(colours.has('#F5B700')).toBe(true);
    expect(colours.size).toBeGreaterThan(3);
  });

  it('equals what scripts/connector/icon.ts draws (the committed icon is not stale)', () => {
    expect(encodePng(drawIcon(), ICON_SIZE).equals(bytes)).toBe(true);
  });
});
