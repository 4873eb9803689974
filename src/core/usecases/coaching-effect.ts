// "Did coaching help?" (issue #16), a section of `report`: the customer's sentiment in the ten minutes after a chat's
// first whisper against the ten minutes before, next to chats of the same unit and starting sentiment without a
// whisper, measured the same minutes after their start. Below MIN_CHATS on either side it says so, with the counts.
import type { Deps } from '../deps';
import type { Chat, StoredMessage } from '../model';
import type { ListPageView } from '../views';

export const WINDOW_MS = 10 * 60_000;
/** Chats each side needs before a difference is shown. */
export const MIN_CHATS = 10;
/** Lines read per chat (a whisper is usually early); chats read per report, whispered and comparison together. */
const LINES_PER_CHAT = 500;
const CHATS_READ_MAX = 600;
/** Comparison chats looked for per whispered chat. */
const MATCHES_PER_CHAT = 3;

export type Band = 'negative' | 'neutral' | 'positive';
export const bandOf = (s: number): Band => (s < -0.2 ? 'negative' : s > 0.2 ? 'positive' : 'neutral');

/** One chat's lines as the measure needs them. */
export interface ChatLines {
  chat: Pick<Chat, 'id' | 'businessUnit' | 'startedAt'>;
  lines: Pick<StoredMessage, 'role' | 'text' | 'at'>[];
}

export interface Change {
  before: number;
  after: number;
  band: Band;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** The customer's mean sentiment in the window before `at` and the one after; null when either has no line. */
export function changeAround(c: ChatLines, at: number, sentiment: (text: string) => number): Change | null {
  const customer = c.lines.filter((l) => l.role === 'customer');
  const before = customer.filter((l) => l.at.getTime() < at && l.at.getTime() >= at - WINDOW_MS);
  const after = customer.filter((l) => l.at.getTime() > at && l.at.getTime() <= at + WINDOW_MS);
  if (!before.length || !after.length) return null;
  const b = mean(before.map((l) => sentiment(l.text)));
  return { before: b, after: mean(after.map((l) => sentiment(l.text))), band: bandOf(b) };
}

export const firstWhisperAt = (c: ChatLines): number | null =>
  c.lines
    .filter((l) => l.role === 'whisper')
    .reduce<number | null>((m, l) => Math.min(m ?? Infinity, l.at.getTime()), null);

export interface EffectRow {
  unit: string;
  whispered: number[];
  matched: number[];
}

/**
 * Per unit: the change (after − before) of each whispered chat around its first whisper, and of each matched chat
 * (same unit, no whisper, same starting band) around the same minutes after its start.
 */
export function coachingEffect(
  whispered: ChatLines[],
  candidates: ChatLines[],
  sentiment: (text: string) => number,
): EffectRow[] {
  const rows = new Map<string, EffectRow>();
  const row = (unit: string) => rows.get(unit) ?? rows.set(unit, { unit, whispered: [], matched: [] }).get(unit)!;
  const used = new Set<number>();
  for (const w of whispered) {
    const at = firstWhisperAt(w);
    const change = at === null ? null : changeAround(w, at, sentiment);
    if (at === null || !change) continue;
    const r = row(w.chat.businessUnit);
    r.whispered.push(change.after - change.before);
    const offset = at - w.chat.startedAt.getTime();
    let found = 0;
    for (const c of candidates) {
      if (found >= MATCHES_PER_CHAT) break;
      if (used.has(c.chat.id) || c.chat.businessUnit.toLowerCase() !== w.chat.businessUnit.toLowerCase()) continue;
      const m = changeAround(c, c.chat.startedAt.getTime() + offset, sentiment);
      if (!m || m.band !== change.band) continue;
      used.add(c.chat.id);
      r.matched.push(m.after - m.before);
      found++;
    }
  }
  return [...rows.values()].sort((a, b) => a.unit.localeCompare(b.unit));
}

const signed = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(2)}`;

export function effectSection(rows: EffectRow[], note?: string): ListPageView {
  const all: EffectRow = {
    unit: 'All units',
    whispered: rows.flatMap((r) => r.whispered),
    matched: rows.flatMap((r) => r.matched),
  };
  const cells = (r: EffectRow) => {
    const enough = r.whispered.length >= MIN_CHATS && r.matched.length >= MIN_CHATS;
    const w = r.whispered.length ? signed(mean(r.whispered)) : '–';
    const m = r.matched.length ? signed(mean(r.matched)) : '–';
    const d = mean(r.whispered) - mean(r.matched);
    // The counts are in their own columns; this cell stays short enough for a terminal table.
    const verdict = enough
      ? `${signed(d)} (${Math.abs(d) < 0.05 ? 'no clear difference' : d > 0 ? 'better after a whisper' : 'worse after a whisper'})`
      : `Too few to say (${MIN_CHATS} each needed)`;
    return [r.unit, String(r.whispered.length), w, String(r.matched.length), m, verdict];
  };
  const list = rows.length > 1 ? [all, ...rows] : rows.length ? rows : [all];
  return {
    title: `Did coaching help? Customer sentiment 10 min after the first whisper vs 10 min before${note ? ` (${note})` : ''}`,
    columns: ['Unit', 'Whispered chats', 'Change', 'Matched chats', 'Change without whisper', 'Difference'],
    rows: list.map((r) => ({ cells: cells(r) })),
    page: 1,
    pageCount: 1,
    total: list.length,
    command: '',
    emptyText: 'No chats.',
  };
}

/** The section for the report's chats: reads the lines of the whispered chats and of enough comparison chats. */
export async function coachingSection(deps: Deps, chats: Chat[]): Promise<ListPageView> {
  const sentiment = deps.lineSentiment;
  if (!sentiment) return effectSection([], 'line sentiment is not available');
  const last = await deps.store.messages.lastWhispers(chats.map((c) => c.id));
  let budget = CHATS_READ_MAX;
  const read = async (c: Chat): Promise<ChatLines> => {
    budget--;
    return { chat: c, lines: await deps.store.messages.recent(c.id, LINES_PER_CHAT) };
  };
  const whisperedChats = chats.filter((c) => last.has(c.id)).slice(0, CHATS_READ_MAX / (MATCHES_PER_CHAT + 1));
  const whispered: ChatLines[] = [];
  for (const c of whisperedChats) whispered.push(await read(c));
  const units = new Set(whisperedChats.map((c) => c.businessUnit.toLowerCase()));
  const candidates: ChatLines[] = [];
  for (const c of chats) {
    if (budget <= 0) break;
    if (!last.has(c.id) && units.has(c.businessUnit.toLowerCase())) candidates.push(await read(c));
  }
  const cut = budget <= 0 ? `read ${CHATS_READ_MAX} chats at most` : undefined;
  return effectSection(coachingEffect(whispered, candidates, sentiment), cut);
}
