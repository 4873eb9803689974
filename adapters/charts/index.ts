// What the surfaces use to attach a list reply's chart: draw it, and say where it went or that it could not be drawn.
import type { Logger } from 'pino';
import type { ChartView } from '../../src/core/views';
import { renderChartPng, type ChartRenderer } from './render';

export { CHART_SCALE, chartSize, renderChartPng, type ChartRenderer } from './render';
export { CHART_HEIGHT, CHART_WIDTH } from './spec';

/** Said under the table when the picture failed: the figures are all in the table. */
export const CHART_FAILED = 'The chart could not be drawn this time; the table has the same figures.';

/**
 * The PNG, or null when rendering failed (logged with the chart's kind and size only: no titles, no figures). A
 * failure never costs the supervisor the table.
 */
export async function drawChart(
  chart: ChartView,
  log: Logger,
  render: ChartRenderer = renderChartPng,
): Promise<Uint8Array | null> {
  const started = Date.now();
  try {
    const png = await render(chart);
    log.debug({ kind: chart.kind, points: chart.points.length, ms: Date.now() - started }, 'chart rendered');
    return png;
  } catch (e) {
    log.warn(
      { kind: chart.kind, points: chart.points.length, error: (e as Error)?.name ?? 'Error' },
      'chart rendering failed; the reply goes without it',
    );
    return null;
  }
}

/** `convrs-report-chart-20261207T112233.png` ('reliability' is the calibration command's curve). */
export function chartFileName(chart: ChartView, now = new Date()): string {
  const what = chart.kind === 'timeseries' ? 'report' : 'calibration';
  return `convrs-${what}-chart-${now.toISOString().replace(/[-:]/g, '').replace('.', '').slice(0, 18)}.png`;
}
