// `tsx scripts/teams-icons.ts`: draws the Teams app icons (a speech bubble with an eye) into manifests/teams/ as PNGs,
// with a PNG encoder of its own so no image library is needed.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { deflateSync } from 'node:zlib';

export const ICON_DIR = resolve(__dirname, '../manifests/teams');
/** The manifest's accentColor: the colour icon's background. */
export const ACCENT = [0x4f, 0x46, 0xe5] as const;

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** An 8-bit RGBA PNG; `rgba` holds width × height × 4 bytes, row by row. Every row uses filter 0 (none). */
export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // bit depth 8, colour type 6 (RGBA), compression 0, filter method 0, no interlace
  const rows = Buffer.alloc(height * (width * 4 + 1));
  for (let y = 0; y < height; y++) rows.set(rgba.subarray(y * width * 4, (y + 1) * width * 4), y * (width * 4 + 1) + 1);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([
    signature,
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

type Part = 'none' | 'bubble' | 'eye' | 'pupil';

/** What the glyph shows at (u, v) in a unit square: a rounded speech bubble with a tail, an almond eye and its pupil. */
function glyphAt(u: number, v: number): Part {
  if (Math.hypot(u - 0.5, v - 0.43) <= 0.09) return 'pupil';
  // The eye is the lens where two circles overlap: 0.56 wide, 0.30 high.
  if (Math.hypot(u - 0.5, v - 0.6163) <= 0.3363 && Math.hypot(u - 0.5, v - 0.2437) <= 0.3363) return 'eye';
  const [x0, y0, x1, y1, r] = [0.05, 0.12, 0.95, 0.74, 0.18];
  const dx = Math.max(x0 + r - u, 0, u - (x1 - r));
  const dy = Math.max(y0 + r - v, 0, v - (y1 - r));
  if (u >= x0 && u <= x1 && v >= y0 && v <= y1 && Math.hypot(dx, dy) <= r) return 'bubble';
  const inTail =
    v >= 0.7 && v <= 0.92 && u >= 0.16 + (0.92 - v) * (0.06 / 0.22) && u <= 0.16 + (0.92 - v) * (0.26 / 0.22);
  return inTail ? 'bubble' : 'none';
}

type Rgba = readonly [number, number, number, number];
const WHITE: Rgba = [255, 255, 255, 255];
const CLEAR: Rgba = [255, 255, 255, 0];
const ACCENT_RGBA: Rgba = [...ACCENT, 255];

/** Renders the glyph into a `size` square, inset by `margin` pixels, averaging 4 × 4 samples per pixel for smooth edges. */
function draw(size: number, margin: number, paint: Record<Part, Rgba>): Uint8Array {
  const out = new Uint8Array(size * size * 4);
  const span = size - 2 * margin;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const sum = [0, 0, 0, 0];
      for (let s = 0; s < 16; s++) {
        const colour =
          paint[
            glyphAt((x + ((s % 4) + 0.5) / 4 - margin) / span, (y + (Math.floor(s / 4) + 0.5) / 4 - margin) / span)
          ];
        colour.forEach((c, i) => (sum[i] += c));
      }
      out.set(
        sum.map((c) => Math.round(c / 16)),
        (y * size + x) * 4,
      );
    }
  }
  return out;
}

/** 192 × 192, full colour: a white bubble on the accent colour, the symbol inside Teams' 120 px safe area. */
export const colorIcon = (): Buffer =>
  encodePng(192, 192, draw(192, 36, { none: ACCENT_RGBA, bubble: WHITE, eye: ACCENT_RGBA, pupil: WHITE }));

/** 32 × 32, white on transparent only, as Teams requires of the outline icon (edges vary alpha, never colour). */
export const outlineIcon = (): Buffer =>
  encodePng(32, 32, draw(32, 1, { none: CLEAR, bubble: WHITE, eye: CLEAR, pupil: WHITE }));

if (require.main === module) {
  writeFileSync(resolve(ICON_DIR, 'color.png'), colorIcon());
  writeFileSync(resolve(ICON_DIR, 'outline.png'), outlineIcon());
  console.error(`Wrote color.png and outline.png to ${ICON_DIR}.`);
}
