// Slack mrkdwn helpers: escaping of user text, links, date tokens, and cutting or packing text within Block Kit limits.

/** Block Kit limits (PLATFORMS.md): section/context text, header text, blocks per message and per home view. */
export const BLOCK_TEXT_MAX = 3000;
export const FIELD_TEXT_MAX = 2000;
export const HEADER_MAX = 150;
export const PLAIN_TEXT_MAX = 3000;
export const BUTTON_TEXT_MAX = 75;
export const MESSAGE_BLOCKS_MAX = 50;
export const HOME_BLOCKS_MAX = 100;

/** Slack reads `&`, `<` and `>` as markup: escaped, `<!channel>` or `<@U123>` typed by a customer stays text. */
export function escapeMrkdwn(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A cut position at or before `at` that splits no surrogate pair, `&amp;`-style entity or `<…>` token. */
function safeCut(s: string, at: number): number {
  let cut = Math.min(at, s.length);
  const amp = s.lastIndexOf('&', cut - 1);
  if (amp >= 0 && amp > cut - 8 && !s.slice(amp, cut).includes(';') && /^&[a-z#0-9]*;/i.test(s.slice(amp, amp + 8)))
    cut = amp;
  const open = s.lastIndexOf('<', cut - 1);
  if (open > 0 && s.lastIndexOf('>', cut - 1) < open) cut = open;
  const c = s.charCodeAt(cut - 1);
  if (c >= 0xd800 && c <= 0xdbff) cut -= 1;
  return Math.max(cut, 1);
}

/** At most `max` characters, ending in "…" when cut; the cut never breaks an entity, token or emoji. */
export function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  return `${s.slice(0, safeCut(s, max - 1)).trimEnd()}…`;
}

/** Pieces of at most `max` characters, cut at a line break or space when one is near the limit. */
export function splitText(s: string, max = BLOCK_TEXT_MAX): string[] {
  const out: string[] = [];
  let rest = s;
  while (rest.length > max) {
    let cut = safeCut(rest, max);
    const nl = rest.lastIndexOf('\n', cut);
    const sp = rest.lastIndexOf(' ', cut);
    const floor = Math.floor(max * 0.7);
    if (nl > floor) cut = nl;
    else if (sp > floor) cut = sp;
    out.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).replace(/^[ \n]/, '');
  }
  if (rest.length || out.length === 0) out.push(rest);
  return out;
}

/** Greedily joins pieces with `sep` into texts of at most `max` characters; longer pieces are split first. */
export function packTexts(pieces: string[], max = BLOCK_TEXT_MAX, sep = '\n'): string[] {
  const out: string[] = [];
  for (const piece of pieces.flatMap((p) => splitText(p, max))) {
    const last = out.length - 1;
    if (last >= 0 && out[last].length + sep.length + piece.length <= max) out[last] += sep + piece;
    else out.push(piece);
  }
  return out;
}

/** `<url|name>` for http(s) and mailto links; anything else is shown as text, never as a link. */
export function link(url: string, name: string): string {
  const label = escapeMrkdwn(name.replace(/\s+/g, ' ').trim() || url).replace(/\|/g, '¦');
  if (!/^(https?:\/\/|mailto:)/i.test(url) || url.length > 1500)
    return `${label} (${escapeMrkdwn(truncate(url, 200))})`;
  const safe = url
    .replace(/&/g, '&amp;')
    .replace(/</g, '%3C')
    .replace(/>/g, '%3E')
    .replace(/\|/g, '%7C')
    .replace(/\s/g, '%20');
  return `<${safe}|${label}>`;
}

/** "2026-11-24 09:14 UTC": what clients that cannot localise show. */
export const utcMinute = (d: Date): string => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** A Slack date token, shown in each reader's own time zone; `{date_short_pretty}` reads "today", "Nov 24th" … */
export function slackDate(d: Date, format = '{date_short_pretty} {time}'): string {
  return `<!date^${Math.floor(d.getTime() / 1000)}^${format}|${utcMinute(d)}>`;
}

/** One escaped line for notification fallbacks: whitespace collapsed, cut to `max`. */
export function fallback(s: string, max = BLOCK_TEXT_MAX): string {
  return truncate(escapeMrkdwn(s.replace(/\s+/g, ' ').trim()), max);
}

/** `*bold*` of escaped text; asterisks inside would end the bold early, so they are dropped. */
export const bold = (s: string): string => `*${escapeMrkdwn(s.replace(/\*/g, ''))}*`;

/** `_italic_` per line (Slack's italics do not span line breaks) of already escaped text. */
export const italic = (escaped: string): string =>
  escaped
    .split('\n')
    .map((l) => (l.trim() ? `_${l.replace(/_/g, ' ').trim()}_` : l))
    .join('\n');
