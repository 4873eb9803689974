// `calibration [bu:] [from:] [to:]` (issue #16): predicted CSAT against the thumbs of the chats that have both — the
// share of thumbs up per predicted score (overall and per unit), each unit's error, and whether cards show a
// calibrated CSAT for it yet. Permission as `report`: All Chats, within the requester's units.
import { calibrationStats, scopeFor, fitCalibrationMaps, type CalibrationStats } from '../calibration';
import { labelled, ratedChats } from '../calibration-source';
import type { ReportFilter } from '../commands/command';
import type { Deps } from '../deps';
import type { Requester } from '../ports';
import type { ChartView, ListPageView, ListRowView, ReplyView } from '../views';
import { reportScope } from './report';

const ALL = 'All units';
const fig = (x: number | null) => (x === null ? '–' : x.toFixed(2));
const share = (x: number | null) => (x === null ? '–' : `${Math.round(100 * x)}%`);
const day = (d: Date) => d.toISOString().slice(0, 10);

export async function calibrationCommand(deps: Deps, who: Requester, filter: ReportFilter): Promise<ReplyView> {
  const { f } = await reportScope(deps, who, filter);
  const samples = labelled(await ratedChats(deps, f));
  const units = [...new Set(samples.map((s) => s.unit))].sort((a, b) => a.localeCompare(b));
  const perUnit = units.map((u): [string, CalibrationStats] => [
    u,
    calibrationStats(samples.filter((s) => s.unit === u)),
  ]);
  // One unit (bu:Sales): its rows are the whole answer, not repeated under "All units".
  const stats: [string, CalibrationStats][] =
    perUnit.length === 1 ? perUnit : [[ALL, calibrationStats(samples)], ...perUnit];
  const scopeText = f.businessUnit ?? f.businessUnits?.join(', ') ?? 'all business units';
  const to = day(filter.to ?? deps.clock.now());
  const range = `${filter.from ? `${day(filter.from)} – ${to}` : `up to ${to}`} · ${scopeText}`;
  const page: ListPageView = {
    title: `Calibration ${range} (${samples.length} rated chat${samples.length === 1 ? '' : 's'})`,
    columns: ['Predicted CSAT', 'Unit', 'Thumbs up', 'Chats'],
    rows: stats.flatMap(([unit, s]) =>
      s.reliability
        .filter((r) => unit === stats[0]![0] || r.count > 0)
        .map((r): ListRowView => ({ cells: [String(r.predicted), unit, share(r.shareUp), String(r.count)] })),
    ),
    page: 1,
    pageCount: 1,
    total: 0,
    command: '',
    emptyText: 'No chats in that period have both a predicted CSAT and thumbs from the customer.',
  };
  if (!samples.length) return { type: 'list', page: { ...page, rows: [] } };
  page.total = page.rows.length;
  return { type: 'list', page, sections: [errorSection(deps, stats, samples)], chart: chartOf(stats, range) };
}

/** Each unit's error, and whether its cards show a calibrated CSAT (own map, all units' map, or not yet). */
function errorSection(
  deps: Deps,
  stats: [string, CalibrationStats][],
  samples: Parameters<typeof fitCalibrationMaps>[0],
): ListPageView {
  const min = deps.settings.calibrationMinChats;
  const maps = fitCalibrationMaps(samples);
  const shown = (unit: string, count: number) => {
    if (unit === ALL) return count >= min ? 'used for units below the minimum' : `not yet (${count} of ${min})`;
    const scope = scopeFor(maps, unit, min);
    return !scope ? `not yet (${count} of ${min})` : scope.unit === null ? "all units' map" : 'own map';
  };
  const rows = stats.map(([unit, s]) => ({
    cells: [unit, String(s.count), fig(s.mae), fig(s.brier), shown(unit, s.count)],
  }));
  return {
    title: 'Error of the predicted CSAT — P(up) = (CSAT − 1) / 4, thumbs up = 1',
    columns: ['Unit', 'Rated chats', 'Mean abs. error', 'Brier', 'Calibrated CSAT'],
    rows,
    page: 1,
    pageCount: 1,
    total: rows.length,
    command: '',
    emptyText: 'No rated chats.',
  };
}

function chartOf(stats: [string, CalibrationStats][], range: string): ChartView {
  const points = stats.flatMap(([series, s]) =>
    s.reliability.flatMap((r) =>
      r.shareUp === null ? [] : [{ predicted: r.predicted, shareUp: r.shareUp, count: r.count, series }],
    ),
  );
  const all = stats[0]![1];
  return {
    kind: 'reliability',
    title: `Predicted CSAT vs thumbs up, ${range}`,
    alt: `Share of thumbs up per predicted CSAT 1–5 on ${all.count} rated chats: ${all.reliability
      .map((r) => `${r.predicted}: ${share(r.shareUp)} of ${r.count}`)
      .join(', ')}.`,
    points,
  };
}
