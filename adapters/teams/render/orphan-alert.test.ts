// The orphaned-chats alert card and list-row buttons in Teams: each click reads back to a command of the grammar, long
// lists are cut within the activity size, and a claimed or resolved alert says so (validity: limits.test.ts).
import type { OrphanAlertView } from '../../../src/core/views';
import { renderAlert } from './alert';
import { renderListPage } from './list';
import { clickOutcome, expectValidCard, textsOf } from './test-cards';

const orphan = (n: number, over: Partial<OrphanAlertView> = {}): OrphanAlertView => ({
  kind: 'orphaned',
  agent: { name: 'Ann Lee', email: 'ann.lee@acme.test', status: 'Offline', selfStatus: null },
  businessUnit: 'Sales',
  text: `Ann Lee went Offline holding ${n} open chats of Sales.`,
  chats: Array.from({ length: n }, (_, i) => ({
    ref: `C-${1001 + i}`,
    customerName: `Jane *Doe* ${i}`,
    lastActivityAt: new Date('2026-12-07T09:14:00Z'),
    flags: i ? [] : ['negative'],
  })),
  moves: [
    { label: 'Transfer all to Sales', command: 'transfer-all ann.lee@acme.test bu:"Sales" to bu:"Sales"' },
    {
      label: 'Transfer all to Carla Diaz (1 of 4)',
      command: 'transfer-all ann.lee@acme.test bu:"Sales" to carla.diaz@acme.test',
      style: 'primary',
    },
  ],
  claimedBy: null,
  claimCommand: 'claim agent:ann.lee@acme.test bu:"Sales"',
  resolved: null,
  ...over,
});

describe('renderAlert (orphaned chats)', () => {
  it("a row per chat with Transfer, then Transfer all to … and I've got it, each a command", () => {
    const card = renderAlert(orphan(2));
    const submits = expectValidCard(card);
    expect(textsOf(card)).toEqual([
      '**🧳 Orphaned chats** · **Sales**',
      'Ann Lee went Offline holding 2 open chats of Sales.',
      '**C-1001** · Jane \\*Doe\\* 0 · last activity {{TIME(2026-12-07T09:14:00Z)}} · _negative_',
      '**C-1002** · Jane \\*Doe\\* 1 · last activity {{TIME(2026-12-07T09:14:00Z)}}',
    ]);
    expect(submits.map((s) => [s.title, clickOutcome(card, s)])).toEqual([
      ['Transfer', { command: 'transfer C-1001' }],
      ['Transfer', { command: 'transfer C-1002' }],
      ['Transfer all to Sales', { command: 'transfer-all ann.lee@acme.test bu:"Sales" to bu:"Sales"' }],
      [
        'Transfer all to Carla Diaz (1 of 4)',
        { command: 'transfer-all ann.lee@acme.test bu:"Sales" to carla.diaz@acme.test' },
      ],
      ["I've got it", { command: 'claim agent:ann.lee@acme.test bu:"Sales"' }],
    ]);
  });

  it('cuts a long list with "…and N more"', () => {
    const card = renderAlert(orphan(300));
    expectValidCard(card);
    expect(textsOf(card).at(-1)).toBe('…and 275 more (the agents command lists them all).');
  });

  it('claimed: says who, no claim button; resolved: says so, no buttons at all', () => {
    const claimed = renderAlert(orphan(1, { claimedBy: 'Sue Sales' }));
    expect(textsOf(claimed)).toContain('Claimed by Sue Sales');
    expect(expectValidCard(claimed).map((s) => s.title)).toEqual([
      'Transfer',
      'Transfer all to Sales',
      'Transfer all to Carla Diaz (1 of 4)',
    ]);
    const back = renderAlert(orphan(1, { resolved: 'Ann Lee is back (Online).', moves: [] }));
    expect(textsOf(back)).toContain('✅ Ann Lee is back (Online).');
    expect(expectValidCard(back)).toEqual([]);
  });
});

describe('renderListPage (row buttons)', () => {
  it("a row's command button is a submit beside it", () => {
    const card = renderListPage({
      title: 'Agents (1)',
      columns: ['Agent', 'Hints'],
      page: 1,
      pageCount: 1,
      total: 1,
      command: 'agents',
      emptyText: 'none',
      rows: [
        {
          cells: ['Bob Marsh', 'at capacity'],
          button: { label: 'Move C-1042 to Carla Diaz', command: 'transfer C-1042 to carla.diaz@acme.test' },
        },
      ],
    });
    const submits = expectValidCard(card);
    expect(submits.map((s) => [s.title, clickOutcome(card, s)])).toEqual([
      ['Move C-1042 to Carla Diaz', { command: 'transfer C-1042 to carla.diaz@acme.test' }],
    ]);
  });
});
