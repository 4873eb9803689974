// Teams markdown helpers (cards and messages): neutralising user text, safe links, localised dates, bounded cuts.

/** Characters Teams' markdown acts on anywhere in a line (emphasis, links, autolinks, code, strike, escapes). */
const INLINE_MARKUP = /[\\*_`~[\]<>]/g;

/**
 * User text as literal text: a customer cannot make a link, bold, a heading or a list. Backslash escapes are
 * CommonMark's own; every Teams client honours them in cards and in markdown messages.
 */
export function escapeMarkdown(s: string): string {
  return s
    .replace(INLINE_MARKUP, '\\$&')
    .replace(/^([ \t]*)([#+=-])/gm, '$1\\$2')
    .replace(/^([ \t]*\d+)([.)])/gm, '$1\\$2');
}

/** Our own notice texts quote commands as `code`: code spans stay (nothing inside them is markup), the rest is escaped. */
export function escapeOutsideCode(s: string): string {
  return s
    .split(/(`[^`\n]+`)/)
    .map((part, i) => (i % 2 ? part : escapeMarkdown(part)))
    .join('');
}

export const bold = (s: string): string => `**${escapeMarkdown(s)}**`;
export const italic = (s: string): string => (s.trim() ? `_${escapeMarkdown(s.trim())}_` : '');

const percent = (c: string): string =>
  [...Buffer.from(c)].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');

/** `[name](url)` for http(s) URLs; any other scheme is shown as text, never as a link. */
export function link(url: string, name: string): string {
  const label = escapeMarkdown(name.replace(/\s+/g, ' ').trim() || url);
  if (!/^https?:\/\/[^\s/]/i.test(url)) return `${label} (${escapeMarkdown(url)})`;
  return `[${label}](${url.replace(/[\s()<>[\]\\"']/g, percent)})`;
}

/** Adaptive Card date functions demand RFC 3339 without fractional seconds. */
const rfc3339 = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** A date and time each reader's Teams client shows in their own locale and time zone (card TextBlocks only). */
export const cardDateTime = (d: Date): string => `{{DATE(${rfc3339(d)}, SHORT)}} {{TIME(${rfc3339(d)})}}`;
export const cardTime = (d: Date): string => `{{TIME(${rfc3339(d)})}}`;

/** "09:14 UTC": plain messages cannot localise. */
export const utcTime = (d: Date): string => `${d.toISOString().slice(11, 16)} UTC`;

/** At most `max` characters, ending in "…" when cut; the cut never splits an emoji. */
export function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  let cut = max - 1;
  const c = s.charCodeAt(cut - 1);
  if (c >= 0xd800 && c <= 0xdbff) cut -= 1;
  return `${s.slice(0, cut).trimEnd()}…`;
}
