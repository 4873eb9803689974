import { titleLines } from './spec';
import { PNG } from 'pngjs';
import type { ChartView } from '../../src/core/views';
import { chartSize, renderChartPng } from './render';

const day = (d: number, h = 0) => new Date(Date.UTC(2026, 10, d, h));
const decode = (png: Uint8Array) => PNG.sync.read(Buffer.from(png));

type Timeseries = Extract<ChartView, { kind: 'timeseries' }>;

function timeseries(units: string[], days = 7): Timeseries {
  const points = units.flatMap((series, i) =>
    Array.from({ length: days }, (_, d) => ({
      at: day(d + 1),
      series,
      sentiment: d === 2 ? null : Math.sin(d + i) / 2,
      chats: 3 + ((d * (i + 1)) % 9),
    })),
  );
  return { kind: 'timeseries', title: 'Sentiment and volume', alt: 'a chart', points };
}

const reliability: ChartView = {
  kind: 'reliability',
  title: 'Predicted CSAT against thumbs',
  alt: 'a chart',
  points: [1, 2, 3, 4, 5].map((predicted) => ({
    predicted,
    shareUp: (predicted - 1) / 4,
    count: predicted * 3,
    series: 'All',
  })),
};

/** Inked pixels in a rectangle of the image: text and lines are grey or darker, the background white. */
function inked(img: PNG, x0: number, y0: number, x1: number, y1: number): number {
  let n = 0;
  for (let y = y0; y < y1; y++)
    for (let x = x0; x < x1; x++) {
      const i = (y * img.width + x) * 4;
      if (img.data[i]! + img.data[i + 1]! + img.data[i + 2]! < 600) n++;
    }
  return n;
}

describe('chart PNGs', () => {
  const { width, height } = chartSize();

  it.each([
    ['a daily timeseries', timeseries(['Billing', 'Sales'])],
    ['a reliability curve', reliability],
  ])('renders %s as a PNG of the fixed size', async (_, chart) => {
    const img = decode(await renderChartPng(chart));
    expect([img.width, img.height]).toEqual([width, height]);
    expect(inked(img, 0, 0, width, height)).toBeGreaterThan(1000);
  });

  it('draws the title text with the bundled font (the title area is blank without a title)', async () => {
    // An empty chart is only text: its title at the top left, "No data" in the middle.
    const titled = decode(await renderChartPng({ ...reliability, points: [] }));
    const untitled = decode(await renderChartPng({ ...reliability, points: [], title: '' }));
    expect(inked(titled, 0, 0, 700, 70)).toBeGreaterThan(500);
    expect(inked(untitled, 0, 0, 700, 70)).toBe(0);
  });

  it('says "No data" on an empty chart, at the same size', async () => {
    for (const chart of [
      { ...timeseries([]), points: [] },
      { ...reliability, points: [] },
    ] as ChartView[]) {
      const img = decode(await renderChartPng(chart));
      expect([img.width, img.height]).toEqual([width, height]);
      // The words in the middle, nothing else but the title.
      expect(inked(img, width / 2 - 300, height / 2 - 60, width / 2 + 300, height / 2 + 60)).toBeGreaterThan(200);
    }
  });

  it('keeps its size with many series and hourly points', async () => {
    const many = timeseries(
      Array.from({ length: 30 }, (_, i) => `Business unit number ${i + 1}`),
      3,
    );
    const hourly: Timeseries = {
      ...many,
      points: many.points.map((p, i) => ({ ...p, at: day(1, i % 24) })),
    };
    for (const chart of [many, hourly]) {
      const img = decode(await renderChartPng(chart));
      expect([img.width, img.height]).toEqual([width, height]);
    }
  });

  it('renders at another scale', async () => {
    const img = decode(await renderChartPng(reliability, 1));
    expect([img.width, img.height]).toEqual([900, 500]);
  });
});

describe('titles', () => {
  it('a long title wraps onto lines of at most 95 characters instead of running off the picture', () => {
    const lines = titleLines(
      'Sentiment and chats per business unit and hour, 2026-12-07 – 2026-12-07 · Sales, Customer Support, Tech Support',
    );
    expect(lines.length).toBe(2);
    expect(lines.every((l) => l.length <= 95)).toBe(true);
    expect(lines.join(' ')).toContain('Tech Support');
    expect(titleLines('Short')).toEqual(['Short']);
  });
});
