// Replies to the requester: notices, list pages with working buttons, help, card, transfer choices and confirmation.
import { parseCommand } from '../../../src/core/commands/grammar';
import { helpView } from '../../../src/core/commands/usage';
import type { ListPageView, ListRowView } from '../../../src/core/views';
import { actionKind } from './actions';
import type { HeaderBlock } from './blocks';
import { renderCard } from './card';
import { renderFileComment, renderReply } from './reply';
import { buttons, cardView, expectWithinLimits, mrkdwnTexts } from './test-views';

describe('notices', () => {
  it('carry the tone icon, keep `code`, escape the rest and show the hint as context', () => {
    const { text, blocks } = renderReply({
      type: 'notice',
      tone: 'error',
      text: 'Unknown agent `bob` <!here> & co.',
      hint: 'Usage: transfer <chat> to <agent>',
    });
    expect(mrkdwnTexts(blocks)).toEqual([
      '⚠️ Unknown agent `bob` &lt;!here&gt; &amp; co.',
      'Usage: transfer &lt;chat&gt; to &lt;agent&gt;',
    ]);
    expect(blocks[1].type).toBe('context');
    expect(text).toBe('⚠️ Unknown agent `bob` &lt;!here&gt; &amp; co.');
    expect(mrkdwnTexts(renderReply({ type: 'notice', tone: 'success', text: 'C-1042 finished.' }).blocks)).toEqual([
      '✅ C-1042 finished.',
    ]);
    expect(mrkdwnTexts(renderReply({ type: 'notice', tone: 'info', text: 'Nothing to do.' }).blocks)).toEqual([
      'ℹ️ Nothing to do.',
    ]);
  });
});

describe('list pages', () => {
  const rows = (n: number): ListRowView[] =>
    Array.from({ length: n }, (_, i) => ({
      cells: [`C-${1000 + i}`, 'Jane <!channel> & Doe', '', 'Ann Lee'],
      chatRef: `C-${1000 + i}`,
      action: 'supervise',
    }));
  const page = (over: Partial<ListPageView> = {}): ListPageView => ({
    title: 'Open chats',
    columns: ['Chat', 'Customer', 'BU', 'Agent'],
    rows: rows(2),
    page: 2,
    pageCount: 5,
    total: 42,
    command: 'open bu:"Customer Support" inactive',
    emptyText: 'No open chats match.',
    ...over,
  });

  it('shows title, count, one escaped row per section with a Supervise button', () => {
    const { text, blocks } = renderReply({ type: 'list', page: page() });
    expectWithinLimits(blocks);
    expect((blocks[0] as HeaderBlock).text.text).toBe('Open chats');
    expect(mrkdwnTexts(blocks)[0]).toBe('2 of 42 · page 2/5');
    expect(mrkdwnTexts(blocks)[2]).toBe('*C-1000* · Jane &lt;!channel&gt; &amp; Doe · Ann Lee');
    expect(text).toBe('Open chats (2 of 42 · page 2/5)');
    const rowButton = blocks[2].type === 'section' ? blocks[2].accessory : undefined;
    expect(rowButton?.text.text).toBe('Supervise');
    expect(parseCommand(rowButton!.value!)).toEqual({ name: 'supervise', chat: 'C-1000' });
  });

  it('Previous and Next re-run the command on the neighbouring pages', () => {
    const pager = renderReply({ type: 'list', page: page() }).blocks.at(-1)!;
    expect(pager.type).toBe('actions');
    const [prev, next] = buttons([pager]);
    expect([prev.text.text, next.text.text]).toEqual(['◀ Previous', 'Next ▶']);
    expect([prev.action_id, next.action_id].map(actionKind)).toEqual(['command', 'command']);
    const filter = { businessUnit: 'Customer Support', inactive: true };
    expect(parseCommand(prev.value!)).toEqual({ name: 'open', filter, page: 1 });
    expect(parseCommand(next.value!)).toEqual({ name: 'open', filter, page: 3 });
  });

  it('offers only the pages that exist', () => {
    const pagerLabels = (over: Partial<ListPageView>) =>
      renderReply({ type: 'list', page: page(over) })
        .blocks.filter((b) => b.type === 'actions')
        .flatMap((b) => buttons([b]).map((x) => x.text.text));
    expect(pagerLabels({ page: 1 })).toEqual(['Next ▶']);
    expect(pagerLabels({ page: 5 })).toEqual(['◀ Previous']);
    expect(pagerLabels({ page: 1, pageCount: 1 })).toEqual([]);
  });

  it('says when nothing matches', () => {
    const { blocks } = renderReply({ type: 'list', page: page({ rows: [], total: 0, page: 1, pageCount: 1 }) });
    expect(mrkdwnTexts(blocks)).toEqual(['No open chats match.']);
  });

  it('stays within 50 blocks for a full page and for an oversized one', () => {
    expectWithinLimits(renderReply({ type: 'list', page: page({ rows: rows(20) }) }).blocks);
    const { blocks } = renderReply({ type: 'list', page: page({ rows: rows(80) }) });
    expectWithinLimits(blocks);
    expect(mrkdwnTexts(blocks).join('\n')).toContain('*C-1079*');
  });

  it('cuts a list too big for 50 blocks (500 long rows) and says how many it shows', () => {
    const long = (i: number) => ({
      cells: [
        `Maximiliane-Éloïse ${i} ${'Ž'.repeat(120)}`,
        `agent${i}@acme.test`,
        'Online',
        Array.from({ length: 30 }, (_, b) => `Business Unit ${b}`).join(', '),
      ],
    });
    const { blocks } = renderReply({
      type: 'list',
      page: page({
        rows: Array.from({ length: 500 }, (_, i) => long(i)),
        page: 1,
        pageCount: 1,
        total: 500,
        command: '',
      }),
    });
    expectWithinLimits(blocks);
    const note = mrkdwnTexts(blocks).find((t) => t.startsWith('Showing '));
    const shown = Number(/^Showing (\d+) of 500 rows: the rest do not fit in one Slack message/.exec(note ?? '')?.[1]);
    expect(shown).toBeGreaterThan(50);
    expect(shown).toBeLessThan(500);
    expect(mrkdwnTexts(blocks).join('\n')).toContain(`*Maximiliane-Éloïse ${shown - 1} `);
    expect(mrkdwnTexts(blocks).join('\n')).not.toContain(`*Maximiliane-Éloïse ${shown} `);
  });
});

describe('help', () => {
  it('lists every command with its description and an example that parses', () => {
    const help = helpView('There is no command `frob`. These are the commands:');
    const { blocks } = renderReply({ type: 'help', help });
    expectWithinLimits(blocks);
    const all = mrkdwnTexts(blocks).join('\n');
    expect(all).toContain('There is no command `frob`.');
    for (const e of help.entries) {
      expect(all).toContain(`*${e.usage.replace(/</g, '&lt;').replace(/>/g, '&gt;')}*`);
      const example = `\`${e.example.replace(/</g, '&lt;')}\``;
      expect(all).toContain(example);
      expect(parseCommand(e.example).name).not.toBe('unknown');
    }
  });
});

describe('card, transfer form and confirmation', () => {
  it('a card reply is the chat card', () => {
    expect(renderReply({ type: 'card', card: cardView() })).toEqual(renderCard(cardView()));
  });

  it('a transfer form offers the modal and a cancel', () => {
    const { text, blocks } = renderReply({
      type: 'transfer-form',
      form: { ref: 'C-1042', agents: [], businessUnits: ['Sales'] },
    });
    expectWithinLimits(blocks);
    expect(text).toBe('Transfer C-1042');
    expect(buttons(blocks).map((b) => [b.action_id, b.value, b.text.text])).toEqual([
      ['convrs_transfer_open', 'C-1042', 'Choose agent or team…'],
      ['convrs_cancel', 'C-1042', 'Cancel'],
    ]);
  });

  it('a confirmation asks, and its button runs the confirmed command', () => {
    const { text, blocks } = renderReply({
      type: 'confirm',
      confirm: { ref: 'C-1042', action: 'finish', question: 'Finish C-1042 with Jane <Doe>?' },
    });
    expectWithinLimits(blocks);
    expect(text).toBe('Finish C-1042 with Jane &lt;Doe&gt;?');
    const [finish, cancel] = buttons(blocks);
    expect(finish).toMatchObject({ action_id: 'convrs_cmd', style: 'danger', text: { text: 'Finish C-1042' } });
    expect(parseCommand(finish.value!)).toEqual({ name: 'finish', chat: 'C-1042', confirmed: true });
    expect(cancel.action_id).toBe('convrs_cancel');
  });
});

describe('renderFileComment', () => {
  it('names the file and gives the summary, escaped', () => {
    expect(
      renderFileComment({
        name: 'chats.csv',
        mime: 'text/csv',
        content: '',
        summary: '42 chats <from> Sales & Support',
      }),
    ).toBe('📄 *chats.csv* · 42 chats &lt;from&gt; Sales &amp; Support');
  });
});
