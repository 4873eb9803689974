// Chats for the report chart end-to-end tests: two units over three days, some scored, stored directly.
import { PNG } from 'pngjs';
import { chartSize } from '../adapters/charts';
import type { Harness } from './harness';

export const CHART_PERIOD = 'from:2026-11-01 to:2026-11-07';

let n = 0;
export async function seedReportChats(h: Harness): Promise<void> {
  const chats: [string, number, number | null][] = [
    ['Sales', 2, 0.4],
    ['Sales', 2, null],
    ['Sales', 3, -0.2],
    ['Customer Support', 3, 0.1],
    ['Customer Support', 4, -0.6],
  ];
  for (const [businessUnit, day, sentimentScore] of chats) {
    const start = new Date(Date.UTC(2026, 10, day, 10));
    const { chat } = await h.app.store.chats.upsert({
      conversationId: `chart-${++n}-${Date.now()}`,
      uid: `u-chart-${n}`,
      channel: 'webchat',
      customerName: 'Zoë Müller',
      customerCountry: 'DE',
      businessUnit,
      agentEmail: 'ann.lee@acme.test',
      agentName: 'Ann Lee',
      status: 'closed',
      startedAt: start,
      lastActivityAt: start,
      closedAt: new Date(start.getTime() + 600_000),
      thumbs: null,
    });
    if (sentimentScore !== null) await h.app.store.chats.update(chat.id, { sentimentScore });
  }
}

/** The bytes decode as a PNG of the chart's fixed size. */
export function expectChartPng(bytes: Uint8Array): void {
  const img = PNG.sync.read(Buffer.from(bytes));
  const { width, height } = chartSize();
  expect([img.width, img.height]).toEqual([width, height]);
}
