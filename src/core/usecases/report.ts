// `report [from:] [to:] [bu:] [export]` (SPEC §3.8): per business unit and per agent — chats handled, average
// sentiment and AI CSAT, thumbs, median first-response time — as a table, or as CSV.
import { requirePermission, requireSupervisor, scopeOf } from '../access';
import type { ReportFilter } from '../commands/command';
import type { Deps } from '../deps';
import { surfaceOf } from '../deps';
import { AppError } from '../errors';
import { rowsToCsv } from '../export/csv';
import type { Chat } from '../model';
import type { Requester } from '../ports';
import { reportChart } from '../report-chart';
import type { ReplyView } from '../views';
import { coachingSection } from './coaching-effect';
import { scoped } from './find-chats';

const REPORT_LIMIT = 50_000;
const COLUMNS = [
  'Group',
  'Chats',
  'Avg sentiment',
  'Avg CSAT',
  'Thumbs up',
  'Thumbs down',
  'Median first response',
] as const;
/** The CSV names its unit: a spreadsheet sums and sorts plain whole seconds better than "1m 10s". */
const CSV_COLUMNS = [...COLUMNS.slice(0, -1), 'Median first response (s)'];

interface Row {
  group: string;
  chats: number;
  sentiment: number | null;
  csat: number | null;
  up: number;
  down: number;
  firstResponseMs: number | null;
}

/** A report's chats as the requester may see them: "All Chats", within their units (or the one asked for). */
export async function reportScope(deps: Deps, who: Requester, filter: ReportFilter) {
  const now = deps.clock.now();
  if (filter.from && filter.from > now && !filter.to)
    throw new AppError(
      'bad_input',
      `from:${filter.from.toISOString().slice(0, 10)} is in the future, so there is nothing to report yet. Pick a start on or before today, e.g. from:${now.toISOString().slice(0, 10)}.`,
    );
  const me = await requireSupervisor(deps, who);
  requirePermission(me, 'All Chats');
  const f = await scoped(
    deps,
    { from: filter.from, to: filter.to, businessUnit: filter.businessUnit },
    scopeOf(me, 'All Chats'),
  );
  return { me, f };
}

export async function report(deps: Deps, who: Requester, filter: ReportFilter, asCsv: boolean): Promise<ReplyView> {
  const { me, f } = await reportScope(deps, who, filter);
  const { items, total } = await deps.store.chats.query(f, { page: 1, pageSize: REPORT_LIMIT });
  if (total > REPORT_LIMIT)
    throw new AppError(
      'bad_input',
      `That covers ${total} chats; a report holds at most ${REPORT_LIMIT}. Narrow it with from:/to: or bu:.`,
    );
  const responses = await deps.store.messages.firstResponses(items.map((c) => c.id));
  const firstResponseMs = (c: Chat) => {
    const r = responses.get(c.id);
    return r?.agentAt ? r.agentAt.getTime() - r.customerAt.getTime() : null;
  };
  const rows = [
    ...group(items, (c) => `BU: ${c.businessUnit}`, firstResponseMs),
    ...group(items, (c) => `Agent: ${c.agentName ?? c.agentEmail ?? '(unassigned)'}`, firstResponseMs),
  ];
  const range = `${day(filter.from ?? earliestStart(items) ?? deps.clock.now())} – ${day(filter.to ?? deps.clock.now())} · ${f.businessUnit ?? f.businessUnits?.join(', ') ?? 'all business units'}`;
  if (asCsv) {
    const csv = rowsToCsv(
      CSV_COLUMNS,
      rows.map((r) => [
        r.group,
        r.chats,
        rounded(r.sentiment, 2),
        rounded(r.csat, 1),
        r.up,
        r.down,
        r.firstResponseMs === null ? null : Math.round(r.firstResponseMs / 1000),
      ]),
    );
    const where = await surfaceOf(deps, who.surface).deliverFile(who, {
      name: `convrs-report-${deps.clock.now().toISOString().replace(/[-:]/g, '').slice(0, 15)}.csv`,
      mime: 'text/csv',
      content: csv,
      summary: `Report for ${range}: ${items.length} chats`,
    });
    await deps.store.audit.record({
      actor: me.email,
      action: 'export',
      chatId: null,
      detail: `report, ${items.length} chats`,
    });
    return {
      type: 'notice',
      tone: 'success',
      text: `Exported the report (${items.length} chats, ${range}; first response in seconds): ${where}`,
    };
  }
  return {
    type: 'list',
    page: {
      title: `Report ${range} (${items.length} chat${items.length === 1 ? '' : 's'})`,
      columns: [...COLUMNS],
      rows: rows.map((r) => ({
        cells: [
          r.group,
          String(r.chats),
          fixed(r.sentiment, 2),
          fixed(r.csat, 1),
          String(r.up),
          String(r.down),
          duration(r.firstResponseMs),
        ],
      })),
      page: 1,
      pageCount: 1,
      total: rows.length,
      command: '',
      emptyText: 'No chats in that period.',
    },
    chart: reportChart(items, { from: filter.from ?? null, to: filter.to ?? deps.clock.now() }, range),
    ...(items.length ? { sections: [await coachingSection(deps, items)] } : {}),
  };
}

function group(items: Chat[], key: (c: Chat) => string, firstResponseMs: (c: Chat) => number | null): Row[] {
  const groups = new Map<string, Chat[]>();
  for (const c of items) groups.set(key(c), [...(groups.get(key(c)) ?? []), c]);
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, chats]) => ({
      group: name,
      chats: chats.length,
      sentiment: mean(chats.map((c) => c.sentimentScore)),
      csat: mean(chats.map((c) => c.csat)),
      up: chats.filter((c) => c.thumbs === 'up').length,
      down: chats.filter((c) => c.thumbs === 'down').length,
      firstResponseMs: median(chats.map(firstResponseMs)),
    }));
}

function mean(xs: (number | null)[]): number | null {
  const v = xs.filter((x): x is number => x !== null);
  return v.length ? v.reduce((a, b) => a + b, 0) / v.length : null;
}

function median(xs: (number | null)[]): number | null {
  const v = xs.filter((x): x is number => x !== null).sort((a, b) => a - b);
  if (!v.length) return null;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

const day = (d: Date) => d.toISOString().slice(0, 10);
const earliestStart = (items: Chat[]) =>
  items.reduce<Date | null>((min, c) => (!min || c.startedAt < min ? c.startedAt : min), null);
/** A CSV number as a person would write it: 0.15, not 0.15000000000000002. */
const rounded = (x: number | null, digits: number) => (x === null ? null : Number(x.toFixed(digits)));
const fixed = (x: number | null, digits: number) => (x === null ? '–' : x.toFixed(digits));

function duration(ms: number | null): string {
  if (ms === null) return '–';
  const s = Math.round(ms / 1000);
  return s < 60
    ? `${s}s`
    : s < 3600
      ? `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`
      : `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
