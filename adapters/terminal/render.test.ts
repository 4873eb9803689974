// Terminal renderer: each view shows the pieces a supervisor needs, aligned, with commands to type instead of buttons.
import type { ChatCardView, ListPageView, MessageLineView } from '../../src/core/views';
import { renderAlert, renderCard, renderFileNotice, renderLines, renderReply } from './render';
import { displayWidth, truncate } from './render-style';

const card = (over: Partial<ChatCardView> = {}): ChatCardView => ({
  ref: 'C-1042',
  conversationId: 'cv_42',
  customerName: 'Jane Doe',
  customerCountry: 'DE',
  channel: 'WhatsApp',
  businessUnit: 'Sales',
  agent: { name: 'Ann Lee', email: 'ann.lee@acme.test', status: 'Online' },
  startedAt: new Date('2026-11-24T09:14:03Z'),
  lastActivityAt: new Date('2026-11-24T09:32:59Z'),
  inactive: true,
  sentiment: { score: -0.42, label: 'negative', source: 'lexicon' },
  csat: { score: 2, reason: 'Long wait', source: 'model' },
  thumbs: 'down',
  state: 'open',
  actions: ['transfer', 'finish', 'unsupervise'],
  ...over,
});

const line = (over: Partial<MessageLineView>): MessageLineView => ({
  role: 'customer',
  label: 'Customer Jane Doe',
  text: 'hello',
  attachments: [],
  at: new Date('2026-11-24T09:14:03Z'),
  isWhisper: false,
  isNote: false,
  ...over,
});

describe('renderCard', () => {
  it('shows header, agent, times, badge, scores, thumbs, state and actions', () => {
    const text = renderCard(card());
    expect(text).toContain('C-1042 · Jane Doe (DE) · WhatsApp · Sales');
    expect(text).toContain('Ann Lee <ann.lee@acme.test> (Online)');
    expect(text).toContain('Started 09:14 UTC');
    expect(text).toContain('Last activity 09:32 UTC');
    expect(text).toContain('Inactive');
    expect(text).toContain('Sentiment: negative -0.42 (lexicon)');
    expect(text).toContain('CSAT: 2/5 "Long wait" (model)');
    expect(text).toContain('👎');
    expect(text).toContain('State: open');
    expect(text).toContain('[transfer C-1042 to …] [finish C-1042] [unsupervise C-1042]');
    expect(text).not.toContain('\x1b[');
  });

  it('copes with a queued, unscored, finished chat', () => {
    const text = renderCard(
      card({
        agent: null,
        customerCountry: null,
        inactive: false,
        sentiment: null,
        csat: null,
        thumbs: 'up',
        state: 'finished',
        actions: [],
      }),
    );
    expect(text).toContain('C-1042 · Jane Doe · WhatsApp · Sales');
    expect(text).toContain('waiting in queue');
    expect(text).toContain('👍');
    expect(text).toContain('State: finished');
    expect(text).not.toMatch(/Inactive|Sentiment|CSAT|\[/);
  });

  it('colours only when asked', () => {
    expect(renderCard(card(), { color: true })).toContain('\x1b[31m');
  });
});

describe('renderLines', () => {
  it('prefixes every line with the ref and labels who wrote it', () => {
    const text = renderLines('C-1042', [
      line({}),
      line({
        role: 'agent',
        label: 'Agent Ann Lee',
        text: 'hi Jane\nhow can I help?',
        at: new Date('2026-11-24T09:15:10Z'),
      }),
      line({ role: 'whisper', label: 'Whisper from Sam Boss', text: 'offer the refund', isWhisper: true }),
      line({ role: 'system', label: 'System', text: 'Transferred to Ann Lee', isNote: true }),
      line({ text: '', attachments: [{ name: 'invoice.pdf', url: 'https://files.test/1' }] }),
    ]);
    const rows = text.split('\n');
    expect(rows[0]).toBe('C-1042 │ 09:14:03 Customer Jane Doe: hello');
    expect(rows[1]).toBe('C-1042 │ 09:15:10 Agent Ann Lee: hi Jane');
    expect(rows[2]).toBe('C-1042 │          how can I help?');
    expect(rows[3]).toBe('C-1042 │ 09:14:03 🤫 whisper from Sam Boss: offer the refund');
    expect(rows[4]).toBe('C-1042 │ 09:14:03 [Transferred to Ann Lee]');
    expect(rows[5]).toBe('C-1042 │ 09:14:03 Customer Jane Doe: 📎 invoice.pdf <https://files.test/1>');
    expect(rows.every((r) => r.startsWith('C-1042 │ '))).toBe(true);
  });
});

describe('renderReply', () => {
  it('notices carry a tone icon and the hint', () => {
    expect(renderReply({ type: 'notice', tone: 'success', text: 'C-1042 finished.' })).toBe('✅ C-1042 finished.');
    expect(renderReply({ type: 'notice', tone: 'info', text: 'Nothing to do.' })).toContain('ℹ️ Nothing to do.');
    const err = renderReply({ type: 'notice', tone: 'error', text: 'Bad filter.', hint: 'Usage: chats …' });
    expect(err).toContain('⚠️ Bad filter.');
    expect(err).toContain('Usage: chats …');
  });

  const page = (over: Partial<ListPageView> = {}): ListPageView => ({
    title: 'Open chats (42)',
    columns: ['Chat', 'Customer', 'Agent'],
    rows: [
      { cells: ['C-1042', 'Jane Doe', 'Ann Lee'], chatRef: 'C-1042', action: 'supervise' },
      {
        cells: ['C-1043', 'Bartholomew Maximilian Featherstonehaugh-Smythe III', '(queue)'],
        chatRef: 'C-1043',
        action: 'supervise',
      },
    ],
    page: 2,
    pageCount: 5,
    total: 42,
    command: 'open bu:Sales',
    emptyText: 'No chats match.',
    ...over,
  });

  it('lists as an aligned table with row hints and the next page command', () => {
    const text = renderReply({ type: 'list', page: page() });
    const rows = text.split('\n');
    expect(rows[0]).toBe('Open chats (42)');
    expect(text).toContain('→ supervise C-1042');
    expect(text).toContain('page 2 of 5 — type `open bu:Sales page:3` for more');
    expect(text).toContain('…');
    expect(rows[2]).toMatch(/^─+  ─+  ─+/);
    const agentCol = rows[1].indexOf('Agent');
    expect(rows[3].indexOf('Ann Lee')).toBe(agentCol);
    expect(rows[4].indexOf('(queue)')).toBe(agentCol);
    expect(rows[3].indexOf('→')).toBe(rows[4].indexOf('→'));
  });

  it('says when a list is empty and omits paging on a single page', () => {
    expect(renderReply({ type: 'list', page: page({ rows: [], page: 1, pageCount: 1 }) })).toContain('No chats match.');
    expect(renderReply({ type: 'list', page: page({ page: 1, pageCount: 1 }) })).not.toContain('page 1 of 1');
    expect(renderReply({ type: 'list', page: page({ page: 5 }) })).not.toContain('for more');
  });

  it('help lists usage, description and example', () => {
    const text = renderReply({
      type: 'help',
      help: {
        title: 'Commands',
        lead: 'Unknown command `foo`.',
        entries: [{ usage: 'score <chat>', example: 'score C-1042', description: 'Scores a chat.' }],
      },
    });
    expect(text).toContain('Unknown command `foo`.');
    expect(text).toContain('score <chat>');
    expect(text).toContain('e.g. score C-1042');
    expect(text).toContain('Scores a chat.');
  });

  it('a card reply renders the card', () => {
    expect(renderReply({ type: 'card', card: card() })).toContain('C-1042 · Jane Doe (DE)');
  });

  it('transfer form lists agents with load, business units and what to type', () => {
    const text = renderReply({
      type: 'transfer-form',
      form: {
        ref: 'C-1042',
        agents: [{ email: 'bob@acme.test', name: 'Bob Stone', status: 'Busy', load: '3 of 5' }],
        businessUnits: ['Customer Support', 'Sales'],
      },
    });
    expect(text).toContain('Bob Stone');
    expect(text).toContain('3 of 5');
    expect(text).toContain('Customer Support · Sales');
    expect(text).toContain('transfer C-1042 to bob@acme.test');
    expect(text).toContain('transfer C-1042 to bu:"Customer Support"');
  });

  it('confirm shows the question and the command that confirms', () => {
    const text = renderReply({
      type: 'confirm',
      confirm: { ref: 'C-1042', action: 'finish', question: 'Finish C-1042 with Jane Doe?' },
    });
    expect(text).toContain('Finish C-1042 with Jane Doe?');
    expect(text).toContain('Confirm with: finish C-1042 confirm');
  });
});

describe('alerts and files', () => {
  it('alert names the chat and how to act', () => {
    expect(renderAlert({ kind: 'negative', ref: 'C-1042', text: 'Sentiment fell to -0.61', claimedBy: null })).toBe(
      '🔴 Negative sentiment · C-1042: Sentiment fell to -0.61 [supervise C-1042] [suggest C-1042] [claim C-1042]',
    );
    expect(
      renderAlert({ kind: 'inactive', ref: 'C-7', text: 'No message for 10 minutes', claimedBy: 'Sam Boss' }),
    ).toContain('⏰ Inactive · C-7');
    expect(renderAlert({ kind: 'inactive', ref: 'C-7', text: 'x', claimedBy: 'Sam Boss' })).toContain(
      'Sam Boss has got it',
    );
  });

  it('file notice gives name, summary and path', () => {
    const text = renderFileNotice(
      { name: 'chats.csv', mime: 'text/csv', content: '', summary: '42 chats' },
      '/tmp/exports/chats.csv',
    );
    expect(text).toBe('📄 chats.csv (42 chats) saved to /tmp/exports/chats.csv');
  });
});

describe('width helpers', () => {
  it('counts emoji as two columns and cuts long text with an ellipsis', () => {
    expect(displayWidth('👍 ok')).toBe(5);
    expect(truncate('a very long\nline of text', 10)).toBe('a very lo…');
    expect(displayWidth(truncate('x'.repeat(50), 12))).toBeLessThanOrEqual(12);
  });
});
