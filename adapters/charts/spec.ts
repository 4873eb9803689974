// ChartView → Vega-Lite spec: one layered view per chart, so `autosize: fit` holds the picture to a fixed size.
import type { TopLevelSpec } from 'vega-lite';
import type { ChartView } from '../../src/core/views';

/** Every chart is drawn at 900×500 CSS pixels (the PNG at `scale` times that). */
export const CHART_WIDTH = 900;
export const CHART_HEIGHT = 500;
export const CHART_FONT = 'Open Sans';
/** More series than this and the legend shows the first ones and "…N entries". */
const LEGEND_LIMIT = 16;
/** Dots on a line help up to this many buckets; beyond, they hide the line. */
const DOTS_UP_TO = 60;

/** Ten clearly different colours, twenty when there are more series (beyond that colours repeat). */
const scheme = (points: { series: string }[]) =>
  new Set(points.map((p) => p.series)).size > 10 ? 'tableau20' : 'tableau10';

type Timeseries = Extract<ChartView, { kind: 'timeseries' }>;
type Reliability = Extract<ChartView, { kind: 'reliability' }>;

const base = (title: string) =>
  ({
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
    autosize: { type: 'fit', contains: 'padding' },
    padding: 16,
    background: 'white',
    title: { text: titleLines(title), anchor: 'start', fontSize: 18, fontWeight: 'bold', offset: 12 },
    config: {
      font: CHART_FONT,
      axis: { labelFontSize: 12, titleFontSize: 13, titleFontWeight: 'normal', gridColor: '#e6e6e6' },
      legend: { labelFontSize: 12, titleFontSize: 13, symbolLimit: LEGEND_LIMIT, labelLimit: 180 },
      view: { stroke: null },
    },
  }) as const;

/** A title longer than the picture is wide goes on to a second line (and a third), never off the edge. */
const TITLE_LINE_MAX = 95;
export function titleLines(title: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of title.split(' ')) {
    if (line && line.length + 1 + word.length > TITLE_LINE_MAX) (lines.push(line), (line = word));
    else line = line ? `${line} ${word}` : word;
  }
  return [...lines, line].slice(0, 3);
}

export function chartSpec(chart: ChartView): TopLevelSpec {
  if (!chart.points.length) return noData(chart.title);
  return chart.kind === 'timeseries' ? timeseries(chart) : reliability(chart);
}

function noData(title: string): TopLevelSpec {
  return {
    ...base(title),
    data: { values: [{ text: 'No data in this period' }] },
    mark: { type: 'text', fontSize: 22, color: '#777' },
    encoding: { text: { field: 'text', type: 'nominal' } },
  } as TopLevelSpec;
}

/** Hourly buckets when two points are less than a day apart, else daily. */
function hourly(points: Timeseries['points']): boolean {
  const times = [...new Set(points.map((p) => p.at.getTime()))].sort((a, b) => a - b);
  return times.some((t, i) => i > 0 && t - times[i - 1]! < 86_400_000) || times.some((t) => t % 86_400_000 !== 0);
}

/** Chat counts as stacked bars (right axis) under an average-sentiment line per series (left axis, −1..1). */
function timeseries(chart: Timeseries): TopLevelSpec {
  const byHour = chart.period
    ? chart.period.to.getTime() - chart.period.from.getTime() <= 2 * 86_400_000
    : hourly(chart.points);
  const timeUnit = byHour ? 'utcyearmonthdatehours' : 'utcyearmonthdate';
  const x = {
    field: 'at',
    type: 'temporal',
    timeUnit,
    title: byHour ? 'Hour (UTC)' : 'Day (UTC)',
    axis: {
      format: byHour ? '%d %b %H:00' : '%d %b',
      labelAngle: 0,
      labelOverlap: 'greedy',
      // One tick per hour or day at most: never "07 Dec, 07 Dec" for a day drawn twice.
    },
    // The whole period asked for, days without chats included.
    ...(chart.period
      ? { scale: { domain: [chart.period.from.toISOString(), new Date(chart.period.to.getTime()).toISOString()] } }
      : {}),
  };
  const color = {
    field: 'series',
    type: 'nominal',
    title: 'Business unit',
    scale: { scheme: scheme(chart.points) },
    legend: { symbolOpacity: 1 },
  };
  return {
    ...base(chart.title),
    data: { values: chart.points.map((p) => ({ ...p, at: p.at.toISOString() })) },
    layer: [
      {
        mark: { type: 'bar', opacity: 0.3 },
        encoding: {
          x,
          y: {
            field: 'chats',
            type: 'quantitative',
            aggregate: 'sum',
            title: 'Chats (bars)',
            axis: { orient: 'right', grid: false },
          },
          color,
        },
      },
      {
        transform: [{ filter: 'datum.sentiment !== null' }],
        mark: {
          type: 'line',
          point: new Set(chart.points.map((p) => p.at.getTime())).size <= DOTS_UP_TO ? { size: 50 } : false,
          strokeWidth: byHour ? 2 : 2.5,
        },
        encoding: {
          x: { ...x, bandPosition: 0.5 },
          y: {
            field: 'sentiment',
            type: 'quantitative',
            title: 'Average sentiment (lines)',
            scale: { domain: [-1, 1] },
            axis: { orient: 'left' },
          },
          color,
        },
      },
    ],
    resolve: { scale: { y: 'independent' } },
  } as TopLevelSpec;
}

/** Predicted CSAT 1..5 against the share of thumbs up, a dashed diagonal for "perfectly calibrated", dots sized by chat count. */
function reliability(chart: Reliability): TopLevelSpec {
  const color = { field: 'series', type: 'nominal', title: 'Series', scale: { scheme: scheme(chart.points) } };
  const x = {
    field: 'predicted',
    type: 'quantitative',
    title: 'Predicted CSAT',
    scale: { domain: [0.8, 5.2] },
    axis: { values: [1, 2, 3, 4, 5], format: 'd' },
  };
  const y = {
    field: 'shareUp',
    type: 'quantitative',
    title: 'Share of thumbs up',
    scale: { domain: [0, 1] },
    axis: { format: '.0%' },
  };
  return {
    ...base(chart.title),
    layer: [
      {
        data: {
          values: [
            { predicted: 1, shareUp: 0 },
            { predicted: 5, shareUp: 1 },
          ],
        },
        mark: { type: 'line', strokeDash: [6, 4], color: '#999', strokeWidth: 1.5 },
        encoding: { x, y },
      },
      {
        data: { values: [{ predicted: 4.7, shareUp: 0.97, text: 'perfectly calibrated' }] },
        mark: { type: 'text', align: 'right', color: '#888', fontSize: 12, angle: 0 },
        encoding: { x, y, text: { field: 'text', type: 'nominal' } },
      },
      {
        data: { values: chart.points },
        layer: [
          { mark: { type: 'line', strokeWidth: 2 }, encoding: { x, y, color } },
          {
            mark: { type: 'circle', opacity: 0.85 },
            encoding: {
              x,
              y,
              color,
              size: { field: 'count', type: 'quantitative', title: 'Chats', scale: { range: [40, 700], zero: false } },
            },
          },
        ],
      },
    ],
  } as TopLevelSpec;
}
