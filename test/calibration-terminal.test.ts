// Calibration end to end on the terminal (SQLite and PostgreSQL): `calibration` shows the reliability table, each
// unit's error and the chart data; `score` and new cards show a calibrated CSAT once enough rated chats exist and not
// before; `report` carries "Did coaching help?"; a supervisor without All Chats is refused.
import type { ReplyView } from '../src/core/views';
import { answerCommand } from '../src/core/usecases/run-command';
import { seedRated, seedUnwhispered, seedWhispered } from './calibration-seed';
import { readFileSync } from 'node:fs';
import { ask } from './flow-helpers';
import { expectChartPng } from './report-chart-seed';
import { as, startHarness, waitFor, type Harness } from './harness';

describe.each(['sqlite', 'postgres'] as const)('calibration on the terminal, %s', (db) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ db });
  }, 30_000);
  afterAll(async () => h?.stop());

  let rid = 0;
  const view = (text: string, user = 'sam') => answerCommand(h.app.deps, as(user), text, `calib-${++rid}`);
  const list = (v: ReplyView) => {
    if (v.type !== 'list') throw new Error(`expected a list, got ${JSON.stringify(v)}`);
    return v;
  };
  async function supervisedCard(): Promise<string> {
    const conv = h.sim.control.startChat({ businessUnit: 'Sales', agentEmail: 'ann.lee@acme.test', messages: 2 });
    const chat = await waitFor('chat stored', () => h.app.store.chats.byConversationId(conv.conversationId));
    await h.app.store.chats.update(chat.id, { csat: 2, csatSource: 'lexicon', csatReason: 'slow start' });
    expect((await ask(h, 'sam', `supervise ${chat.ref}`)).text).toContain(`Supervising ${chat.ref}`);
    const record = await waitFor('card shown', () =>
      h.surface.records.find((r) => r.kind === 'thread' && r.text?.includes(chat.ref)),
    );
    return record.text!;
  }

  it('before enough rated chats: the table and errors show, cards and score show no calibrated CSAT', async () => {
    await seedRated(h, 'Sales', 10);
    const v = list(await view('calibration bu:Sales from:2026-11-01 to:2026-11-03'));
    expect(v.page.title).toBe('Calibration 2026-11-01 – 2026-11-03 · Sales (10 rated chats)');
    expect(v.page.rows.find((r) => r.cells[0] === '2' && r.cells[1] === 'Sales')!.cells).toEqual([
      '2',
      'Sales',
      '80%',
      '10',
    ]);
    expect(v.sections![0]!.rows.find((r) => r.cells[0] === 'Sales')!.cells).toEqual([
      'Sales',
      '10',
      '0.65',
      '0.46',
      'not yet (10 of 30)',
    ]);
    expect(v.chart).toMatchObject({
      kind: 'reliability',
      points: expect.arrayContaining([{ predicted: 2, shareUp: 0.8, count: 10, series: 'Sales' }]),
    });
    const printed = (await ask(h, 'sam', 'calibration bu:Sales from:2026-11-01 to:2026-11-03')).text;
    const png = /📈 Chart: (\/\S+\/convrs-calibration-chart-\d{8}T\d{9}\.png)$/m.exec(printed)?.[1];
    expect(png).toBeDefined();
    expectChartPng(readFileSync(png!));
    const card = await supervisedCard();
    expect(card).toContain('CSAT: 2/5');
    expect(card).not.toContain('calibrated');
  });

  it('from 30 rated chats of the unit on: score and new cards say "calibrated … from N rated Sales chats"', async () => {
    await seedRated(h, 'Sales', 25);
    const card = await supervisedCard();
    expect(card).toMatch(/CSAT: 2\/5 .*· calibrated 4\.0 from 35 rated Sales chats/);
    const chat = (await h.app.store.chats.query({ businessUnit: 'Sales', thumbs: 'up' }, { page: 1, pageSize: 1 }))
      .items[0]!;
    const scored = await view(`score ${chat.ref}`);
    expect(scored).toMatchObject({ type: 'notice', tone: 'success' });
    expect((scored as { text: string }).text).toMatch(/calibrated \d\.\d from 35 rated Sales chats/);
    // The rated chat's blind CSAT stays the one predicted before its thumbs; an unrated chat's follows its CSAT.
    expect((await h.app.store.chats.get(chat.id))!.csatBlind).toBe(2);
    const conv = h.sim.control.startChat({ businessUnit: 'Sales', agentEmail: 'ann.lee@acme.test', messages: 2 });
    const unrated = await waitFor('chat with customer lines', async () => {
      const c = await h.app.store.chats.byConversationId(conv.conversationId);
      return c && (await h.app.store.messages.recent(c.id, 5)).some((m) => m.role === 'customer') ? c : undefined;
    });
    await view(`score ${unrated.ref}`);
    const rescored = (await h.app.store.chats.get(unrated.id))!;
    expect(rescored.csat).not.toBeNull();
    expect(rescored.csatBlind).toBe(rescored.csat);
    // Rated before any CSAT was predicted (the thumbs came with the finish): scoring it predicts once without them.
    await h.app.store.chats.update(unrated.id, { thumbs: 'down', csatBlind: null });
    await view(`score ${unrated.ref}`);
    const rated = (await h.app.store.chats.get(unrated.id))!;
    expect(rated.csat).toBeLessThanOrEqual(2);
    expect(rated.csatBlind).toBe(rescored.csatBlind);
    const again = list(await view('calibration'));
    expect(again.sections![0]!.rows.find((r) => r.cells[0] === 'Sales')!.cells[4]).toBe('own map');
  });

  it('the terminal prints the table and the section; bad input and missing permission get a clear answer', async () => {
    const printed = (await ask(h, 'sam', 'calibration bu:Sales')).text!;
    expect(printed).toContain('Predicted CSAT  Unit');
    expect(printed).toContain('Error of the predicted CSAT');
    expect(printed).toMatch(/Sales\s+36\s+/); // 35 seeded, and the one rated above
    expect((await view('calibration export')) as { text: string }).toMatchObject({
      tone: 'error',
      text: expect.stringContaining('Usage: calibration'),
    });
    expect(await view('calibration', 'sue')).toMatchObject({ type: 'notice', tone: 'error' });
  });

  it('report shows "Did coaching help?" with the counts, and no claim below ten chats each', async () => {
    await seedWhispered(h, 'Tech Support');
    await seedWhispered(h, 'Tech Support');
    await seedUnwhispered(h, 'Tech Support');
    const v = list(await view('report bu:"Tech Support" from:2026-11-01 to:2026-11-03'));
    const coaching = v.sections!.find((s) => s.title.startsWith('Did coaching help?'))!;
    expect(coaching.rows[0]!.cells.slice(0, 2)).toEqual(['Tech Support', '2']);
    expect(coaching.rows[0]!.cells.slice(1)).toEqual([
      '2',
      expect.any(String),
      '1',
      expect.any(String),
      'Too few to say (10 each needed)',
    ]);
    expect(Number(coaching.rows[0]!.cells[2])).toBeGreaterThan(0);
    const printed = (await ask(h, 'sam', 'report bu:"Tech Support" from:2026-11-01 to:2026-11-03')).text!;
    expect(printed).toContain('Did coaching help?');
    expect(printed).toContain('Too few to say (10 each needed)');
  });

  it('with ten whispered and ten matched chats of a unit, report gives the difference (lexicon line sentiment)', async () => {
    for (let i = 0; i < 10; i++) await seedWhispered(h, 'Customer Support');
    for (let i = 0; i < 12; i++) await seedUnwhispered(h, 'Customer Support');
    const v = list(await view('report bu:"Customer Support" from:2026-11-01 to:2026-11-03'));
    const row = v.sections!.find((s) => s.title.startsWith('Did coaching help?'))!.rows[0]!.cells;
    expect(row.slice(0, 2)).toEqual(['Customer Support', '10']);
    expect(Number(row[3])).toBeGreaterThanOrEqual(10);
    // Upset customers pleased after the whisper, still upset without one: the difference is positive.
    expect(row[5]).toMatch(/^\+\d\.\d\d \(better after a whisper\)$/);
    expect(Number(row[2])).toBeGreaterThan(Number(row[4].replace('−', '-')));
  });
});
