// `npm run charts:examples`: the README's example charts (docs/images/*.png) from representative sample data, and
// how long each render takes once the libraries are loaded.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderChartPng } from '../adapters/charts';
import type { Chat } from '../src/core/model';
import { reportChart } from '../src/core/report-chart';
import type { ChartView } from '../src/core/views';

/** A small deterministic generator (mulberry32): the same pictures on every run. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rnd = random(16);

const UNITS: [string, number, number][] = [
  // unit, chats a day, sentiment level
  ['Sales', 14, 0.35],
  ['Customer Support', 22, -0.05],
  ['Tech Support', 9, -0.25],
];
const FROM = Date.UTC(2026, 10, 16);
const DAYS = 14;

function sampleChats(): Chat[] {
  const chats: Chat[] = [];
  for (let d = 0; d < DAYS; d++)
    for (const [unit, perDay, level] of UNITS) {
      const weekend = new Date(FROM + d * 86_400_000).getUTCDay() % 6 === 0;
      const n = Math.round(perDay * (weekend ? 0.4 : 1) * (0.7 + rnd() * 0.6));
      // An outage on day 9 makes Tech Support's customers unhappy for two days.
      const dip = unit === 'Tech Support' && (d === 9 || d === 10) ? -0.35 : 0;
      for (let i = 0; i < n; i++) {
        const id = chats.length + 1;
        const startedAt = new Date(FROM + d * 86_400_000 + (8 + rnd() * 10) * 3_600_000);
        const score = rnd() < 0.15 ? null : Math.max(-1, Math.min(1, level + dip + (rnd() - 0.5) * 0.8));
        chats.push({ id, businessUnit: unit, startedAt, sentimentScore: score } as Chat);
      }
    }
  return chats;
}

/** Predicted CSAT against thumbs up: a model a little optimistic at the top, per unit and overall. */
function calibration(): ChartView {
  const series: [string, number][] = [
    ['All', 0],
    ['Sales', 0.06],
    ['Customer Support', -0.08],
  ];
  return {
    kind: 'reliability',
    title: 'Predicted CSAT against thumbs, 2026-11-16 – 2026-11-29',
    alt: 'Reliability curve: share of thumbs up per predicted CSAT bucket 1 to 5, per series, against the diagonal.',
    points: series.flatMap(([name, bias]) =>
      [1, 2, 3, 4, 5].map((predicted) => ({
        predicted,
        series: name,
        shareUp: Math.max(0, Math.min(1, ((predicted - 1) / 4) * 0.85 + 0.05 + bias + (rnd() - 0.5) * 0.06)),
        count: Math.round((name === 'All' ? 60 : 25) * [0.3, 0.5, 1, 1.4, 0.9][predicted - 1]!),
      })),
    ),
  };
}

async function main() {
  const dir = join(__dirname, '..', 'docs', 'images');
  mkdirSync(dir, { recursive: true });
  const to = new Date(FROM + DAYS * 86_400_000 - 1);
  const charts: [string, ChartView][] = [
    [
      'report-chart.png',
      reportChart(sampleChats(), { from: new Date(FROM), to }, '2026-11-16 – 2026-11-29 · all units'),
    ],
    ['calibration-chart.png', calibration()],
  ];
  await renderChartPng(charts[0]![1]); // loads vega, vega-lite and resvg once
  for (const [name, chart] of charts) {
    const runs = 5;
    const started = process.hrtime.bigint();
    let png: Uint8Array = new Uint8Array();
    for (let i = 0; i < runs; i++) png = await renderChartPng(chart);
    const ms = Number(process.hrtime.bigint() - started) / 1e6 / runs;
    writeFileSync(join(dir, name), png);
    console.log(
      `${name}: ${chart.points.length} points, ${(png.length / 1024).toFixed(0)} KB, ${ms.toFixed(0)} ms a render`,
    );
  }
}

void main();
