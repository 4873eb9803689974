// Shared pieces of terminal rendering: optional ANSI colour, UTC times, display width, padding and truncation.

export interface RenderOptions {
  /** ANSI colours; off for tests, pipes and NO_COLOR terminals. */
  color: boolean;
}

export const PLAIN: RenderOptions = { color: false };

const CODES = { bold: 1, dim: 2, red: 31, green: 32, yellow: 33, blue: 34, magenta: 35, cyan: 36 } as const;
export type Paint = keyof typeof CODES;

export function paint(o: RenderOptions, style: Paint, s: string): string {
  return o.color && s ? `\x1b[${CODES[style]}m${s}\x1b[0m` : s;
}

export const hhmm = (d: Date): string => d.toISOString().slice(11, 16);
export const hhmmss = (d: Date): string => d.toISOString().slice(11, 19);

// Emoji and CJK take two terminal columns; combining marks, ZWJ and variation selectors take none.
function charWidth(cp: number): number {
  if ((cp >= 0x300 && cp <= 0x36f) || cp === 0x200d || (cp >= 0xfe00 && cp <= 0xfe0f)) return 0;
  if (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1faff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  )
    return 2;
  return 1;
}

/** Columns the text takes on screen (ANSI codes ignored). */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s.replace(/\x1b\[[0-9;]*m/g, '')) w += charWidth(ch.codePointAt(0)!);
  return w;
}

/** One line, at most `max` columns, ending in "…" when cut. */
export function truncate(s: string, max: number): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  if (displayWidth(flat) <= max) return flat;
  let out = '';
  for (const ch of flat) {
    if (displayWidth(out + ch) > max - 1) break;
    out += ch;
  }
  return `${out.trimEnd()}…`;
}

export function padEnd(s: string, width: number): string {
  return s + ' '.repeat(Math.max(0, width - displayWidth(s)));
}
