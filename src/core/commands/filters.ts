// Filter words of the list commands (`bu:Sales`, `csat:<3`, `inactive` …): parsed and checked in one place.
import { AppError } from '../errors';
import type { SentimentLabel, Thumbs } from '../model';
import type { CsatOp } from '../ports';
import type { Token } from './tokens';
import type { CommandName } from './command';
import { usageOf } from './usage';

export type FilterKey = 'bu' | 'agent' | 'from' | 'to' | 'status' | 'sentiment' | 'csat' | 'thumbs' | 'sort' | 'page';
export type Flag = 'inactive' | 'export';

export interface FilterSpec {
  keys: FilterKey[];
  flags: Flag[];
  /** Allowed `status:` values (they differ between chats and agents). */
  statuses?: readonly string[];
}

export interface ParsedFilters {
  bu?: string;
  agent?: string;
  from?: Date;
  to?: Date;
  status?: string;
  sentiment?: SentimentLabel;
  csat?: { op: CsatOp; value: number };
  thumbs?: Thumbs;
  sort?: 'last-active' | 'started';
  page: number;
  flags: Set<Flag>;
}

export const FILTER_KEYS: ReadonlySet<string> = new Set<FilterKey>([
  'bu',
  'agent',
  'from',
  'to',
  'status',
  'sentiment',
  'csat',
  'thumbs',
  'sort',
  'page',
]);

const FORMS: Record<Exclude<FilterKey, 'status'>, { what: string; use: string }> = {
  bu: { what: 'business unit', use: 'bu:<name>, e.g. bu:Sales or bu:"Customer Support"' },
  agent: { what: 'agent filter', use: 'agent:<email|name>, e.g. agent:ann.lee@acme.test or agent:"Ann Lee"' },
  from: { what: 'start date', use: 'from:YYYY-MM-DD, e.g. from:2026-11-01' },
  to: { what: 'end date', use: 'to:YYYY-MM-DD, e.g. to:2026-11-24' },
  sentiment: { what: 'sentiment filter', use: 'sentiment:positive, sentiment:neutral or sentiment:negative' },
  csat: { what: 'CSAT filter', use: 'csat:<op><1-5>, e.g. csat:<3 or csat:>=4' },
  thumbs: { what: 'thumbs filter', use: 'thumbs:up or thumbs:down' },
  sort: { what: 'sort order', use: 'sort:last-active or sort:started' },
  page: { what: 'page number', use: 'page:<number>, e.g. page:2' },
};

const bad = (msg: string) => new AppError('bad_input', msg);

function formOf(key: FilterKey, spec: FilterSpec) {
  if (key !== 'status') return FORMS[key];
  const s = spec.statuses ?? [];
  return {
    what: 'status filter',
    use: `${s
      .slice(0, -1)
      .map((v) => `status:${v}`)
      .join(', ')} or status:${s[s.length - 1]}`,
  };
}

export function parseFilters(command: CommandName, tokens: Token[], spec: FilterSpec): ParsedFilters {
  const out: ParsedFilters = { page: 1, flags: new Set() };
  const seen = new Map<string, Token>();
  for (const t of tokens) {
    const word = t.value.toLowerCase();
    if (!t.key && (spec.flags as string[]).includes(word)) {
      out.flags.add(word as Flag);
      continue;
    }
    if (!t.key)
      throw bad(`I don't understand \`${t.raw}\` in \`${command}\`.${suggest(word, spec)} ${usageOf(command)}`);
    const key = t.key as FilterKey;
    if (!FILTER_KEYS.has(key)) throw bad(`Unknown filter \`${t.raw}\` for \`${command}\`. ${usageOf(command)}`);
    if (!spec.keys.includes(key)) throw bad(`\`${command}\` has no \`${key}:\` filter. ${usageOf(command)}`);
    const before = seen.get(key);
    if (before)
      throw bad(
        `\`${key}:\` is given twice (\`${before.raw}\` and \`${t.raw}\`); use each filter once. ${usageOf(command)}`,
      );
    seen.set(key, t);
    const form = formOf(key, spec);
    const invalid = (why = `is not a valid ${form.what}`) => bad(`\`${t.raw}\` ${why}. Use ${form.use}.`);
    if (t.unclosed) throw invalid('is missing its closing quote');
    const v = t.value.trim();
    if (!v) throw invalid(`needs a value`);
    switch (key) {
      case 'bu':
        out.bu = v;
        break;
      case 'agent':
        out.agent = v;
        break;
      case 'from':
        out.from = parseDay(v, false, invalid);
        break;
      case 'to':
        out.to = parseDay(v, true, invalid);
        break;
      case 'status':
        out.status = oneOf(v, spec.statuses ?? [], invalid);
        break;
      case 'sentiment':
        out.sentiment = oneOf(v, ['positive', 'neutral', 'negative'] as const, invalid);
        break;
      case 'thumbs':
        out.thumbs = oneOf(v, ['up', 'down'] as const, invalid);
        break;
      case 'sort':
        out.sort = oneOf(v.replace(/_/g, '-'), ['last-active', 'started'] as const, invalid);
        break;
      case 'csat':
        out.csat = parseCsat(v, invalid);
        break;
      case 'page':
        out.page = parsePage(v, invalid);
        break;
    }
  }
  if (out.from && out.to && out.from > out.to)
    throw bad(
      `\`${seen.get('from')!.raw}\` is after \`${seen.get('to')!.raw}\`; the start date must be on or before the end date, e.g. from:2026-11-01 to:2026-11-24.`,
    );
  return out;
}

/** A bare word that is a filter value (`closed`, `2026-11-01`) most likely lost its key. */
function suggest(word: string, spec: FilterSpec): string {
  const has = (k: FilterKey) => spec.keys.includes(k);
  let key: FilterKey | undefined;
  if (has('status') && spec.statuses?.includes(word)) key = 'status';
  else if (has('sentiment') && ['positive', 'neutral', 'negative'].includes(word)) key = 'sentiment';
  else if (has('thumbs') && ['up', 'down'].includes(word)) key = 'thumbs';
  else if (has('from') && /^\d{4}-\d{2}-\d{2}$/.test(word)) key = 'from';
  return key ? ` Did you mean \`${key}:${word}\`?` : '';
}

function oneOf<T extends string>(v: string, allowed: readonly T[], invalid: () => Error): T {
  const hit = allowed.find((a) => a === v.toLowerCase());
  if (!hit) throw invalid();
  return hit;
}

/** Dates are UTC days; `to` is inclusive, so it means the last millisecond of that day. */
function parseDay(v: string, endOfDay: boolean, invalid: (why?: string) => Error): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (!m) throw invalid();
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const day = new Date(Date.UTC(y, mo - 1, d));
  if (day.getUTCFullYear() !== y || day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d)
    throw invalid('is not a real date');
  return endOfDay ? new Date(day.getTime() + 86_400_000 - 1) : day;
}

function parseCsat(v: string, invalid: () => Error): { op: CsatOp; value: number } {
  // Slack and Teams may deliver < and > HTML-escaped; ≤ and ≥ come from phone keyboards.
  const s = v.replace(/&lt;/gi, '<').replace(/&gt;/gi, '>').replace(/≤/g, '<=').replace(/≥/g, '>=');
  const m = /^(<=|>=|<|>|=)?([1-5])$/.exec(s);
  if (!m) throw invalid();
  return { op: (m[1] ?? '=') as CsatOp, value: Number(m[2]) };
}

function parsePage(v: string, invalid: () => Error): number {
  if (!/^\d{1,6}$/.test(v) || Number(v) < 1) throw invalid();
  return Number(v);
}
