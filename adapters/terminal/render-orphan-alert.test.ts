// The orphaned-chats alert and row buttons in the terminal: the commands to type, whole; claimed and resolved states.
import type { OrphanAlertView } from '../../src/core/views';
import { renderAlert, renderListPage } from './render';

const orphan = (n: number, over: Partial<OrphanAlertView> = {}): OrphanAlertView => ({
  kind: 'orphaned',
  agent: { name: 'Ann Lee', email: 'ann.lee@acme.test', status: 'Offline', selfStatus: null },
  businessUnit: 'Sales',
  text: `Ann Lee went Offline holding ${n} open chats of Sales.`,
  chats: Array.from({ length: n }, (_, i) => ({
    ref: `C-${1001 + i}`,
    customerName: `Jane Doe ${i}`,
    lastActivityAt: new Date('2026-12-07T09:14:00Z'),
    flags: i ? [] : ['negative'],
  })),
  moves: [{ label: 'Transfer all to Sales', command: 'transfer-all ann.lee@acme.test bu:"Sales" to bu:"Sales"' }],
  claimedBy: null,
  claimCommand: 'claim agent:ann.lee@acme.test bu:"Sales"',
  resolved: null,
  ...over,
});

describe('renderAlert (orphaned chats)', () => {
  it('shows each chat with its transfer command, then the moves and the claim', () => {
    expect(renderAlert(orphan(2))).toBe(
      [
        '🧳 Orphaned chats · Sales: Ann Lee went Offline holding 2 open chats of Sales.',
        '   C-1001 Jane Doe 0 · last activity 09:14 UTC · negative [transfer C-1001]',
        '   C-1002 Jane Doe 1 · last activity 09:14 UTC [transfer C-1002]',
        '   [transfer-all ann.lee@acme.test bu:"Sales" to bu:"Sales"] [claim agent:ann.lee@acme.test bu:"Sales"]',
      ].join('\n'),
    );
  });

  it('sums up a long list, says who has it, and offers nothing once resolved', () => {
    const text = renderAlert(orphan(12, { claimedBy: 'Sue Sales' }));
    expect(text).toContain('   …and 2 more');
    expect(text).toContain('(Sue Sales has got it)');
    expect(text).not.toContain('[claim');
    const done = renderAlert(orphan(1, { resolved: 'Ann Lee is back (Online).', moves: [] }));
    expect(done).toContain('Ann Lee is back (Online).');
    expect(done).not.toContain('[');
  });
});

describe('renderListPage (row buttons)', () => {
  it("shows a row's command whole after an arrow", () => {
    const text = renderListPage({
      title: 'Agents (2)',
      columns: ['Agent', 'Hints'],
      page: 1,
      pageCount: 1,
      total: 2,
      command: 'agents',
      emptyText: 'none',
      rows: [
        {
          cells: ['Bob Marsh', 'at capacity'],
          button: { label: 'Move C-1042 to Carla Diaz', command: 'transfer C-1042 to carla.diaz@acme.test' },
        },
        { cells: ['Carla Diaz', '–'] },
      ],
    });
    expect(text).toContain('Bob Marsh   at capacity  → transfer C-1042 to carla.diaz@acme.test');
  });
});
