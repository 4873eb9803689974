// Chart PNGs on the server: Vega-Lite spec → Vega SVG (no browser, no canvas) → resvg PNG with a bundled font.
import type { ChartView } from '../../src/core/views';
import { CHART_FONT, CHART_HEIGHT, CHART_WIDTH, chartSpec } from './spec';

/** The surfaces take a renderer, so a test can make it fail and see the table still arrive. */
export type ChartRenderer = (chart: ChartView) => Promise<Uint8Array>;

/** 2× for sharp text on high-density screens: the PNG is 1800×1000 by default. */
export const CHART_SCALE = 2;

/**
 * Open Sans (OFL, in @expo-google-fonts/open-sans) is the only font resvg sees: no system fonts, so the picture is
 * the same on every machine, and text still renders on one without fonts.
 */
const FONT_FILES = ['400Regular/OpenSans_400Regular.ttf', '700Bold/OpenSans_700Bold.ttf'].map((f) =>
  require.resolve(`@expo-google-fonts/open-sans/${f}`),
);

/** Loaded on first use: vega and resvg add start-up time every process would pay for a command few run. */
const libraries = async () => ({
  vega: await import('vega'),
  vl: await import('vega-lite'),
  resvg: await import('@resvg/resvg-js'),
});

export async function chartSvg(chart: ChartView): Promise<string> {
  const { vega, vl } = await libraries();
  // Vega's own logger writes to the console: silenced, a failure reaches the caller (and our log) as a rejection.
  const view = new vega.View(vega.parse(vl.compile(chartSpec(chart)).spec), { renderer: 'none', logLevel: vega.None });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

export async function renderChartPng(chart: ChartView, scale = CHART_SCALE): Promise<Uint8Array> {
  const svg = await chartSvg(chart);
  const { resvg } = await libraries();
  const png = new resvg.Resvg(svg, {
    fitTo: { mode: 'width', value: Math.round(CHART_WIDTH * scale) },
    font: { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: CHART_FONT },
    background: 'white',
  })
    .render()
    .asPng();
  return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
}

export const chartSize = (scale = CHART_SCALE) => ({
  width: Math.round(CHART_WIDTH * scale),
  height: Math.round(CHART_HEIGHT * scale),
});
