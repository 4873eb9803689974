// `report` against hand-computed figures: median first response (first customer message → first agent message
// after it, per chat; then the median per agent and per BU), the date range and BU in the title, a CSV with
// sensibly rounded numbers (and the UTF-8 BOM).
import { readFileSync } from 'node:fs';
import type { IncomingMessage } from '../src/core/model';
import type { ListPageView } from '../src/core/views';
import { answerCommand } from '../src/core/usecases/run-command';
import { as, startHarness, type Harness } from './harness';

const T0 = Date.parse('2026-11-02T10:00:00Z');
const t = (s: number) => new Date(T0 + s * 1000);

describe.each(['sqlite', 'postgres'] as const)('report on %s', (db) => {
  let h: Harness;
  let n = 0;
  beforeAll(async () => {
    h = await startHarness({ db });
    // Ann: 30 s, 50 s, 90 s → median 50 s. Bob: 150 s (his other chat has no answer yet) → 2m 30s.
    // Sales: 30, 50, 90, 150 → median 70 s.
    await chat(
      'Ann Lee',
      1,
      [
        ['agent', -5],
        ['customer', 0],
        ['customer', 10],
        ['agent', 30],
      ],
      { sentimentScore: 0.1, csat: 4 },
    );
    await chat(
      'Ann Lee',
      2,
      [
        ['customer', 0],
        ['bot', 5],
        ['whisper', 8],
        ['system', 9],
        ['agent', 90],
        ['agent', 100],
      ],
      { sentimentScore: 0.2, csat: 5 },
    );
    await chat(
      'Ann Lee',
      3,
      [
        ['customer', 0],
        ['agent', 50],
      ],
      { csat: 4 },
    );
    await chat(
      'Bob Marsh',
      4,
      [
        ['customer', 0],
        ['agent', 150],
      ],
      { sentimentScore: -0.4 },
    );
    await chat('Bob Marsh', 5, [['customer', 0]], {});
    // Outside the range: must not count.
    await chat(
      'Bob Marsh',
      -5,
      [
        ['customer', 0],
        ['agent', 1],
      ],
      {},
    );
  }, 30_000);
  afterAll(async () => h?.stop());

  async function chat(
    agentName: string,
    day: number,
    lines: [IncomingMessage['role'], number][],
    scores: { sentimentScore?: number; csat?: number },
  ) {
    const conversationId = `report-${++n}`;
    const start = T0 + (day - 2) * 86_400_000;
    const { chat: c } = await h.app.store.chats.upsert({
      conversationId,
      uid: `u-${n}`,
      channel: 'webchat',
      customerName: 'Zoë Müller',
      customerCountry: 'DE',
      businessUnit: 'Sales',
      agentEmail: `${agentName.split(' ')[0].toLowerCase()}@acme.test`,
      agentName,
      status: 'closed',
      startedAt: new Date(start - 60_000),
      lastActivityAt: new Date(start),
      closedAt: new Date(start + 600_000),
      thumbs: null,
    });
    if (Object.keys(scores).length) await h.app.store.chats.update(c.id, scores);
    let i = 0;
    for (const [role, s] of lines) {
      await h.app.store.messages.insert(c.id, {
        mid: `${conversationId}-${++i}`,
        conversationId,
        role,
        authorName: role,
        authorEmail: null,
        text: `line ${i}`,
        attachments: [],
        at: new Date(start + s * 1000),
        kind: 'message',
      });
    }
  }

  let rid = 0;
  const ask = (text: string) => answerCommand(h.app.deps, as('sam'), text, `report-${++rid}`);

  it('shows the median first response per agent and per BU, and the range and BU in its title', async () => {
    const view = await ask('report from:2026-11-01 to:2026-11-06 bu:sales');
    expect(view.type).toBe('list');
    const page = (view as { page: ListPageView }).page;
    expect(page.title).toBe('Report 2026-11-01 – 2026-11-06 · Sales (5 chats)');
    const row = (group: string) =>
      Object.fromEntries(page.columns.map((col, i) => [col, page.rows.find((r) => r.cells[0] === group)!.cells[i]]));
    expect(row('BU: Sales')).toMatchObject({
      Chats: '5',
      'Median first response': '1m 10s',
      'Avg sentiment': '-0.03',
      'Avg CSAT': '4.3',
    });
    expect(row('Agent: Ann Lee')).toMatchObject({
      Chats: '3',
      'Median first response': '50s',
      'Avg sentiment': '0.15',
      'Avg CSAT': '4.3',
    });
    expect(row('Agent: Bob Marsh')).toMatchObject({
      Chats: '2',
      'Median first response': '2m 30s',
      'Avg sentiment': '-0.40',
      'Avg CSAT': '–',
    });
  });

  it('without from:/to: the title still names the dates it covers', async () => {
    const view = await ask('report bu:Sales');
    const title = (view as { page: ListPageView }).page.title;
    // From the first chat found to today.
    expect(title).toMatch(
      new RegExp(`^Report 2026-10-26 – ${new Date().toISOString().slice(0, 10)} · Sales \\(\\d+ chats\\)$`),
    );
  });

  it('a start in the future without an end is refused in one sentence, for report and calibration', async () => {
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    for (const cmd of ['report', 'calibration']) {
      const view = await ask(`${cmd} from:${tomorrow}`);
      expect(view).toMatchObject({ type: 'notice', tone: 'error' });
      expect((view as { text: string }).text).toContain(`from:${tomorrow} is in the future`);
    }
  });

  it('exports a CSV with rounded figures: sentiment 2 decimals, CSAT 1, first response in whole seconds', async () => {
    const view = await ask('report from:2026-11-01 to:2026-11-06 bu:Sales export');
    expect(view.type).toBe('notice');
    const text = (view as { text: string }).text;
    expect(text).toContain('2026-11-01 – 2026-11-06 · Sales');
    const path = /: (\/\S+\.csv)/.exec(text)![1];
    const csv = readFileSync(path, 'utf8');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const lines = csv.slice(1).trim().split(/\r?\n/);
    expect(lines[0]).toBe('Group,Chats,Avg sentiment,Avg CSAT,Thumbs up,Thumbs down,Median first response (s)');
    expect(lines).toContain('BU: Sales,5,-0.03,4.3,0,0,70');
    expect(lines).toContain('Agent: Ann Lee,3,0.15,4.3,0,0,50');
    expect(lines).toContain('Agent: Bob Marsh,2,-0.4,,0,0,150');
    expect(csv).not.toMatch(/\d\.\d{3,}/);
  });
});
