// The orphaned-chats alert and list-row buttons in Block Kit: a Transfer button per chat, "Transfer all to …" and
// "I've got it" as commands of the grammar; long lists cut within Slack's limits; a claimed or resolved alert says so.
import { parseCommand } from '../../../src/core/commands/grammar';
import type { OrphanAlertView } from '../../../src/core/views';
import { actionKind } from './actions';
import { renderAlert } from './alert';
import { renderListPage } from './list';
import { buttons, expectWithinLimits, mrkdwnTexts } from './test-views';

const orphan = (n: number, over: Partial<OrphanAlertView> = {}): OrphanAlertView => ({
  kind: 'orphaned',
  agent: { name: 'Ann Lee', email: 'ann.lee@acme.test', status: 'Offline', selfStatus: null },
  businessUnit: 'Customer Support',
  text: `Ann Lee went Offline holding ${n} open chats of Customer Support.`,
  chats: Array.from({ length: n }, (_, i) => ({
    ref: `C-${1001 + i}`,
    customerName: `Jane <Doe> ${i}`,
    lastActivityAt: new Date('2026-12-07T09:14:00Z'),
    flags: i === 0 ? ['negative', 'inactive'] : [],
  })),
  moves: [
    {
      label: 'Transfer all to Customer Support',
      command: 'transfer-all ann.lee@acme.test bu:"Customer Support" to bu:"Customer Support"',
    },
    {
      label: 'Transfer all to Carla Diaz (1 of 4)',
      command: 'transfer-all ann.lee@acme.test bu:"Customer Support" to carla.diaz@acme.test',
      style: 'primary',
    },
  ],
  claimedBy: null,
  claimCommand: 'claim agent:ann.lee@acme.test bu:"Customer Support"',
  resolved: null,
  ...over,
});

describe('renderAlert (orphaned chats)', () => {
  it("lists each chat with a Transfer button, then Transfer all to the unit or the least-loaded agent, and I've got it", () => {
    const { text, blocks } = renderAlert(orphan(2));
    expectWithinLimits(blocks);
    const texts = mrkdwnTexts(blocks);
    expect(texts[0]).toBe(
      '*🧳 Orphaned chats* · *Customer Support*\nAnn Lee went Offline holding 2 open chats of Customer Support.',
    );
    expect(texts[1]).toBe(
      '*C-1001* · Jane &lt;Doe&gt; 0 · last activity <!date^1796634840^{time}|2026-12-07 09:14 UTC> · _negative_, _inactive_',
    );
    expect(text).toBe(
      '🧳 Orphaned chats · Customer Support: Ann Lee went Offline holding 2 open chats of Customer Support.',
    );
    const all = buttons(blocks);
    expect(all.map((b) => b.text.text)).toEqual([
      'Transfer',
      'Transfer',
      'Transfer all to Customer Support',
      'Transfer all to Carla Diaz (1 of 4)',
      "I've got it",
    ]);
    expect(all.every((b) => actionKind(b.action_id) === 'command')).toBe(true);
    expect(all.map((b) => parseCommand(b.value!))).toEqual([
      { name: 'transfer', chat: 'C-1001' },
      { name: 'transfer', chat: 'C-1002' },
      {
        name: 'transfer-all',
        agent: 'ann.lee@acme.test',
        fromUnit: 'Customer Support',
        to: { kind: 'bu', value: 'Customer Support' },
      },
      {
        name: 'transfer-all',
        agent: 'ann.lee@acme.test',
        fromUnit: 'Customer Support',
        to: { kind: 'agent', value: 'carla.diaz@acme.test' },
      },
      { name: 'claim', agent: 'ann.lee@acme.test', businessUnit: 'Customer Support' },
    ]);
    expect(all[3].style).toBe('primary');
  });

  it('cuts a long list with "…and N more" within 50 blocks; huge names stay within the text limits', () => {
    const { blocks } = renderAlert(
      orphan(300, {
        agent: { name: 'x'.repeat(5000), email: 'a@b', status: 'Disabled', selfStatus: null },
        text: 'y'.repeat(5000),
      }),
    );
    expectWithinLimits(blocks);
    expect(mrkdwnTexts(blocks)).toContain('…and 260 more: `agents` lists them all.');
  });

  it('a claimed alert says who and keeps the moves; a resolved one offers no buttons', () => {
    const claimed = renderAlert(orphan(1, { claimedBy: 'Sue <Sales>' })).blocks;
    expectWithinLimits(claimed);
    expect(mrkdwnTexts(claimed).at(-1)).toBe('Claimed by Sue &lt;Sales&gt;');
    expect(buttons(claimed).map((b) => b.text.text)).toEqual([
      'Transfer',
      'Transfer all to Customer Support',
      'Transfer all to Carla Diaz (1 of 4)',
    ]);
    const back = renderAlert(orphan(1, { resolved: 'Ann Lee is back (Online).', moves: [] })).blocks;
    expect(mrkdwnTexts(back)).toContain('✅ Ann Lee is back (Online).');
    expect(buttons(back)).toEqual([]);
    const done = renderAlert(
      orphan(0, { resolved: 'None of them are waiting any more.', claimedBy: 'Sue Sales', moves: [] }),
    ).blocks;
    expectWithinLimits(done);
    expect(buttons(done)).toEqual([]);
  });
});

describe('renderListPage (row buttons)', () => {
  it('a row with a command button carries it as the section accessory', () => {
    const { blocks } = renderListPage({
      title: 'Agents (2)',
      columns: ['Agent', 'Hints'],
      page: 1,
      pageCount: 1,
      total: 2,
      command: 'agents',
      emptyText: 'none',
      rows: [
        {
          cells: ['Bob Marsh', 'at capacity, 2 negative'],
          button: { label: 'Move C-1042 to Carla Diaz', command: 'transfer C-1042 to carla.diaz@acme.test' },
        },
        { cells: ['Carla Diaz', '–'] },
      ],
    });
    expectWithinLimits(blocks);
    const [move] = buttons(blocks);
    expect(move.text.text).toBe('Move C-1042 to Carla Diaz');
    expect(parseCommand(move.value!)).toEqual({
      name: 'transfer',
      chat: 'C-1042',
      to: { kind: 'agent', value: 'carla.diaz@acme.test' },
    });
    expect(buttons(blocks)).toHaveLength(1);
  });
});
