// App Home and `/convrs home` with coverage: "What needs you now" first, Supervise per uncovered chat, Refresh, Block Kit limits.
import { parseCommand } from '../../../src/core/commands/grammar';
import type { CoverageRowView, CoverageView, HomeView as CoreHome } from '../../../src/core/views';
import type { HeaderBlock } from './blocks';
import { renderHome, renderHomeMessage, type HomeModel } from './home';
import { buttons, cardView, expectWithinLimits, mrkdwnTexts } from './test-views';

const headers = (blocks: ReturnType<typeof renderHome>['blocks']) =>
  blocks.filter((b): b is HeaderBlock => b.type === 'header').map((b) => b.text.text);

const row = (i: number, over: Partial<CoverageRowView> = {}): CoverageRowView => ({
  ref: `C-${2000 + i}`,
  customerName: `Jane Doe ${i}`,
  businessUnit: 'Sales',
  agentName: 'Ann Lee',
  lastActivityAt: new Date('2026-12-07T09:00:00Z'),
  reasons: ['negative −0.52', 'inactive 7 min'],
  ...over,
});
const coverage = (over: Partial<CoverageView> = {}): CoverageView => ({
  covered: 3,
  total: 12,
  businessUnits: ['Sales'],
  uncovered: [0, 1, 2, 3, 4].map((i) => row(i)),
  ...over,
});
const model = (over: Partial<HomeModel> = {}): HomeModel => ({
  coverage: coverage(),
  supervised: [cardView()],
  watches: [{ businessUnit: 'Sales', channelId: 'C123' }],
  ...over,
});

describe('App Home with coverage', () => {
  it('leads with what needs you now: the counts with Refresh, each uncovered chat with its reasons and Supervise, how many more', () => {
    const view = renderHome(
      model({
        coverage: coverage({
          uncovered: [row(0), row(1, { agentName: null, reasons: ['waiting for an agent 3 min'] })],
        }),
      }),
    );
    expectWithinLimits(view.blocks, 100);
    expect(headers(view.blocks)).toEqual(['What needs you now', 'My Supervised Chats', 'Watched business units']);
    const texts = mrkdwnTexts(view.blocks);
    expect(texts.slice(0, 4)).toEqual([
      '*3 of 12 open chats covered*',
      '*C-2000* · Jane Doe 0 · Sales · Ann Lee\n⚠️ negative −0.52 · inactive 7 min',
      '*C-2001* · Jane Doe 1 · Sales · _(queue)_\n⚠️ waiting for an agent 3 min',
      '…and 7 more: `/convrs coverage`',
    ]);
    const values = buttons(view.blocks).map((b) => [b.text.text, b.value]);
    expect(values.slice(0, 3)).toEqual([
      ['Refresh', 'home'],
      ['Supervise', 'supervise C-2000'],
      ['Supervise', 'supervise C-2001'],
    ]);
    expect(values).toContainEqual(['Stop supervising', 'unsupervise C-1042']);
    for (const b of buttons(view.blocks)) expect(parseCommand(b.value!).name).not.toBe('unknown');
  });

  it('says so when every open chat is covered, or there is none; no "more" line then', () => {
    const all = mrkdwnTexts(renderHome(model({ coverage: coverage({ covered: 12, uncovered: [] }) })).blocks);
    expect(all.slice(0, 2)).toEqual([
      '*12 of 12 open chats covered*',
      'All 12 open chats in your business units are covered.',
    ]);
    expect(all.join('\n')).not.toContain('more:');
    const none = mrkdwnTexts(
      renderHome(model({ coverage: coverage({ covered: 0, total: 0, uncovered: [], businessUnits: 'all' }) })).blocks,
    );
    expect(none.slice(0, 2)).toEqual(['*0 of 0 open chats covered*', 'No open chats.']);
  });

  it('without "Supervise Open Chats" it names the permission instead, still with Refresh', () => {
    const view = renderHome(
      model({
        coverage: null,
        coverageNote:
          'Open chats nobody supervises show here for supervisors with the Convrs permission "Supervise Open Chats".',
      }),
    );
    expect(headers(view.blocks)[0]).toBe('What needs you now');
    expect(mrkdwnTexts(view.blocks)[0]).toContain('"Supervise Open Chats"');
    expect(buttons(view.blocks)[0]).toMatchObject({ value: 'home' });
  });

  it('escapes names and reasons, so a customer cannot mention @channel', () => {
    const texts = mrkdwnTexts(
      renderHome(model({ coverage: coverage({ uncovered: [row(0, { customerName: 'Eve <!channel> & co' })] }) }))
        .blocks,
    );
    expect(texts[1]).toContain('Eve &lt;!channel&gt; &amp; co');
  });

  it('stays within 100 blocks (App Home) and 50 (a message) with many supervised chats, long names and many watches', () => {
    const long = 'Ž'.repeat(3000);
    const m = model({
      unmapped: undefined,
      coverage: coverage({
        total: 900,
        covered: 100,
        uncovered: Array.from({ length: 40 }, (_, i) => row(i, { customerName: long, reasons: [long] })),
      }),
      supervised: Array.from({ length: 150 }, (_, i) => cardView({ ref: `C-${5000 + i}`, customerName: long })),
      watches: Array.from({ length: 300 }, (_, i) => ({
        businessUnit: `Unit ${i} ${'x'.repeat(40)}`,
        channelId: `C${i}`,
      })),
    });
    const view = renderHome(m);
    expectWithinLimits(view.blocks, 100);
    expect(view.blocks).toHaveLength(100);
    const texts = mrkdwnTexts(view.blocks).join('\n');
    expect(texts).toContain('…and 790 more: `/convrs coverage`');
    expect(texts).toMatch(/…and \d+ more: C-\d+, /);
    expect(headers(view.blocks)).toEqual(['What needs you now', 'My Supervised Chats', 'Watched business units']);

    const core: CoreHome = {
      ...m,
      coverage: m.coverage ?? null,
      watches: m.watches.map((w, id) => ({
        id,
        surface: 'slack',
        destination: w.channelId,
        businessUnit: w.businessUnit,
        createdBy: 'x',
        createdAt: new Date(),
      })),
    };
    const msg = renderHomeMessage(core);
    expectWithinLimits(msg.blocks, 50);
    expect(msg.text).toBe('What needs you now: 100 of 900 open chats covered');
    expect(headers(msg.blocks)).toEqual(['What needs you now', 'My Supervised Chats', 'Watched business units']);
  });
});
