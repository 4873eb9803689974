// The report's chart data: per unit and day (per hour over two days or less), average sentiment and chat count.
import type { Chat } from './model';
import { reportChart } from './report-chart';

let nextId = 1;
function chat(startedAt: string, businessUnit: string, sentimentScore: number | null): Chat {
  const id = nextId++;
  return {
    id,
    ref: `C-${1000 + id}`,
    conversationId: `cv-${id}`,
    uid: `u-${id}`,
    channel: 'webchat',
    customerName: `Customer ${id}`,
    customerCountry: null,
    businessUnit,
    agentEmail: 'ann.lee@acme.test',
    agentName: 'Ann Lee',
    status: 'closed',
    startedAt: new Date(startedAt),
    lastActivityAt: new Date(startedAt),
    closedAt: null,
    thumbs: null,
    state: 'finished',
    inactive: false,
    sentimentScore,
    sentimentLabel: null,
    sentimentSource: null,
    sentimentAt: null,
    csat: null,
    csatReason: null,
    csatSource: null,
    csatAt: null,
  };
}

describe('reportChart', () => {
  const chats = [
    chat('2026-11-02T09:10:00Z', 'Sales', 0.2),
    chat('2026-11-02T17:40:00Z', 'Sales', null),
    chat('2026-11-02T11:00:00Z', 'Billing', -0.5),
    chat('2026-11-03T08:00:00Z', 'Sales', 0.6),
    chat('2026-11-03T08:30:00Z', 'Billing', -0.1),
    chat('2026-11-03T09:00:00Z', 'Billing', 0.3),
  ];

  it('averages sentiment and counts chats per unit and day over a longer period', () => {
    const c = reportChart(
      chats,
      { from: new Date('2026-11-01'), to: new Date('2026-11-07') },
      '2026-11-01 – 2026-11-07',
    );
    expect(c.kind).toBe('timeseries');
    if (c.kind !== 'timeseries') return;
    expect(c.points).toEqual([
      { at: new Date('2026-11-02T00:00:00Z'), series: 'Billing', sentiment: -0.5, chats: 1 },
      // An unscored chat counts as a chat, not in the average.
      { at: new Date('2026-11-02T00:00:00Z'), series: 'Sales', sentiment: 0.2, chats: 2 },
      { at: new Date('2026-11-03T00:00:00Z'), series: 'Billing', sentiment: expect.closeTo(0.1), chats: 2 },
      { at: new Date('2026-11-03T00:00:00Z'), series: 'Sales', sentiment: 0.6, chats: 1 },
    ]);
    expect(c.title).toBe('Sentiment and chats per business unit and day, 2026-11-01 – 2026-11-07');
    expect(c.alt).toContain('Billing 3 chats, average sentiment -0.10; Sales 3 chats, average sentiment 0.40');
  });

  it('goes by the hour over two days or less', () => {
    const c = reportChart(chats, { from: new Date('2026-11-02'), to: new Date('2026-11-04') }, 'r');
    if (c.kind !== 'timeseries') throw new Error('kind');
    expect(c.title).toContain('per business unit and hour');
    expect(c.points.map((p) => [p.at.toISOString(), p.series, p.chats])).toEqual([
      ['2026-11-02T09:00:00.000Z', 'Sales', 1],
      ['2026-11-02T11:00:00.000Z', 'Billing', 1],
      ['2026-11-02T17:00:00.000Z', 'Sales', 1],
      ['2026-11-03T08:00:00.000Z', 'Billing', 1],
      ['2026-11-03T08:00:00.000Z', 'Sales', 1],
      ['2026-11-03T09:00:00.000Z', 'Billing', 1],
    ]);
  });

  it('takes the earliest chat as the start when the period has none, and is empty without chats', () => {
    const c = reportChart(chats.slice(0, 3), { from: null, to: new Date('2026-11-03T12:00:00Z') }, 'r');
    expect(c.title).toContain('hour');
    const empty = reportChart([], { from: null, to: new Date('2026-11-03T12:00:00Z') }, 'r');
    expect(empty.points).toEqual([]);
    expect(empty.alt).toBe('No chats in r: the chart is empty.');
  });
});

it('spans the whole period asked for, in whole buckets, so days without chats show as empty', () => {
  const daily = reportChart(
    [chat('2026-12-07T12:10:00Z', 'Sales', 0.2)],
    {
      from: new Date('2026-12-01T00:00:00Z'),
      to: new Date('2026-12-07T12:40:00Z'),
    },
    'r',
  );
  expect(daily.kind === 'timeseries' && daily.period).toEqual({
    from: new Date('2026-12-01T00:00:00Z'),
    to: new Date('2026-12-08T00:00:00Z'),
  });
  const hourly = reportChart(
    [chat('2026-12-07T12:10:00Z', 'Sales', 0.2)],
    {
      from: new Date('2026-12-07T00:00:00Z'),
      to: new Date('2026-12-07T12:40:00Z'),
    },
    'r',
  );
  expect(hourly.kind === 'timeseries' && hourly.period).toEqual({
    from: new Date('2026-12-07T00:00:00Z'),
    to: new Date('2026-12-07T13:00:00Z'),
  });
});
