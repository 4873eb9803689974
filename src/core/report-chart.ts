// The report's chart (SPEC §3.8, issue #16): per business unit and per day — per hour over two days or less — the
// average sentiment and the number of the report's chats, bucketed by when each chat started.
import type { Chat } from './model';
import type { ChartView } from './views';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** A period this short is drawn by the hour: two days of daily points say little. */
const HOURLY_UP_TO = 2 * DAY;

export function reportChart(chats: Chat[], period: { from: Date | null; to: Date }, range: string): ChartView {
  const from = period.from ?? earliest(chats) ?? period.to;
  const bucket = period.to.getTime() - from.getTime() <= HOURLY_UP_TO ? HOUR : DAY;
  const groups = new Map<string, { at: Date; series: string; scores: number[]; chats: number }>();
  for (const c of chats) {
    const at = new Date(Math.floor(c.startedAt.getTime() / bucket) * bucket);
    const key = `${at.getTime()}|${c.businessUnit}`;
    const g = groups.get(key) ?? { at, series: c.businessUnit, scores: [], chats: 0 };
    g.chats++;
    if (c.sentimentScore !== null) g.scores.push(c.sentimentScore);
    groups.set(key, g);
  }
  const points = [...groups.values()]
    .sort((a, b) => a.at.getTime() - b.at.getTime() || a.series.localeCompare(b.series))
    .map((g) => ({ at: g.at, series: g.series, sentiment: mean(g.scores), chats: g.chats }));
  const per = bucket === HOUR ? 'hour' : 'day';
  return {
    kind: 'timeseries',
    title: `Sentiment and chats per business unit and ${per}, ${range}`,
    alt: alt(chats, per, range),
    points,
    // Whole buckets: the last one (today, this hour) is drawn to its end.
    period: {
      from: new Date(Math.floor(from.getTime() / bucket) * bucket),
      to: new Date((Math.floor((period.to.getTime() - 1) / bucket) + 1) * bucket),
    },
  };
}

/** The text alternative: what the picture shows, unit by unit, in one line. */
function alt(chats: Chat[], per: string, range: string): string {
  if (!chats.length) return `No chats in ${range}: the chart is empty.`;
  const units = new Map<string, Chat[]>();
  for (const c of chats) units.set(c.businessUnit, [...(units.get(c.businessUnit) ?? []), c]);
  const parts = [...units.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([unit, cs]) => {
      const s = mean(cs.filter((c) => c.sentimentScore !== null).map((c) => c.sentimentScore!));
      return `${unit} ${cs.length} chat${cs.length === 1 ? '' : 's'}${s === null ? '' : `, average sentiment ${s.toFixed(2)}`}`;
    });
  return `Average sentiment (lines) and chats (bars) per ${per}, ${range}: ${parts.join('; ')}.`;
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
const earliest = (chats: Chat[]) =>
  chats.reduce<Date | null>((min, c) => (!min || c.startedAt < min ? c.startedAt : min), null);
