// The report's chart on the terminal end to end: the table is printed with the path of the PNG under it, written
// where CSV exports go, and the file is a valid PNG of the chart's size.
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ask } from './flow-helpers';
import { startHarness, type Harness } from './harness';
import { CHART_PERIOD, expectChartPng, seedReportChats } from './report-chart-seed';

describe('terminal report chart', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    await seedReportChats(h);
  }, 30_000);
  afterAll(async () => h?.stop());

  it('prints the table and the path of a valid PNG under it, in the export directory', async () => {
    const reply = await ask(h, 'sam', `report ${CHART_PERIOD}`);
    const lines = reply.text.split('\n');
    expect(reply.text).toContain('BU: Sales');
    const last = lines.at(-1)!;
    const path = /^📈 Chart: (\/.+\/convrs-report-chart-\d{8}T\d{9}\.png)$/.exec(last)?.[1];
    expect(path).toBeDefined();
    expectChartPng(readFileSync(path!));

    const csv = await ask(h, 'sam', `report ${CHART_PERIOD} export`);
    const csvPath = /(\/\S+\.csv)/.exec(csv.text)?.[1];
    expect(csvPath && dirname(csvPath)).toBe(dirname(path!));
    expect(csv.text).not.toContain('.png');
  });
});
