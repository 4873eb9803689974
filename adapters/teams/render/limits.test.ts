// Every message the Teams renderers make, from ordinary to huge views: each card passes the official Adaptive Cards
// parser and validator (warnings included), and each activity stays under Teams' size limit, cutting with a note.
import { helpView } from '../../../src/core/commands/usage';
import type {
  ListPageView,
  ListRowView,
  MessageLineView,
  OrphanAlertView,
  ReplyView,
  SummaryView,
  TransferFormView,
} from '../../../src/core/views';
import { ACTIVITY_BYTES_MAX, cardActivity, textActivity } from './activity';
import type { AdaptiveCard, InputChoiceSet } from './adaptive';
import { renderAlert } from './alert';
import { LIVE_LINES_MAX, renderChatCard } from './card';
import { renderLines } from './lines';
import { renderFileNotice, renderReply } from './reply';
import { AGENT_CHOICES_MAX, BUSINESS_UNIT_CHOICES_MAX } from './transfer';
import {
  cardView,
  elementsOf,
  expectValidCard,
  expectWithinActivityLimit,
  homeView,
  lineView,
  presenceView,
  textsOf,
} from './test-cards';

/** Names as they come: long, with emoji, accents and markdown-looking characters (escaping makes them grow). */
const longName = (i: number, n = 120) => `Maximiliane-Éloïse_${i} *von* [Ünterberg] 😀 ${'Ž'.repeat(n)}`;
const huge = '*_[]<>`~\\'.repeat(3000);

const lines = (n: number, over: Partial<MessageLineView> = {}): MessageLineView[] =>
  Array.from({ length: n }, (_, i) =>
    lineView({ text: `message ${i}: where is my order?`, at: new Date(Date.UTC(2026, 10, 24, 9, i)), ...over }),
  );
const hugeLines = (n: number) =>
  lines(n, {
    label: `Customer ${longName(1)}`,
    text: huge,
    attachments: Array.from({ length: 5 }, (_, i) => ({
      name: longName(i),
      url: `https://files.test/${'x'.repeat(1500)}/${i}.pdf`,
    })),
  });

const chatRow = (i: number, name = `Jane Doe ${i}`): ListRowView => ({
  cells: [`C-${10_000 + i}`, name, 'Customer Support', 'Ann Lee', 'WhatsApp', '2026-11-24 09:14'],
  chatRef: `C-${10_000 + i}`,
  action: 'supervise',
});
const agentRow = (i: number): ListRowView => ({
  cells: [
    longName(i),
    `agent${i}@acme.test`,
    'Online',
    'Lunch',
    '3 of 5',
    Array.from({ length: 30 }, (_, b) => `Business Unit ${b}`).join(', '),
    Array.from({ length: 20 }, (_, c) => `C-${1000 + c}`).join(' '),
  ],
});
const reportRow = (i: number): ListRowView => ({
  cells: [`Agent: ${longName(i, 20)}`, '42', '+0.31', '4.2', '12', '3', '1m 05s'],
});
const listPage = (rows: ListRowView[], over: Partial<ListPageView> = {}): ListPageView => ({
  title: 'Open chats',
  columns: ['Chat', 'Customer', 'BU', 'Agent', 'Channel', 'Started'],
  rows,
  page: 1,
  pageCount: 1,
  total: rows.length,
  command: 'open',
  emptyText: 'No open chats match.',
  ...over,
});

const agent = (i: number, name = `Agent ${i}`): TransferFormView['agents'][number] => ({
  email: `agent${i}@acme.test`,
  name,
  status: 'Online',
  load: '1 of 5',
});
const transferForm = (
  agents: number,
  units: number,
  name = (i: number) => `Agent ${i}`,
  unit = (i: number) => `Business Unit ${i}`,
): TransferFormView => ({
  ref: 'C-1042',
  agents: Array.from({ length: agents }, (_, i) => agent(i, name(i))),
  businessUnits: Array.from({ length: units }, (_, i) => unit(i)),
});

const replyCard = (view: ReplyView): AdaptiveCard => renderReply(view).card!;
const summaryOf = (n: number, text = 'Asked: “Where is my *parcel*?”'): SummaryView => ({
  ref: 'C-1042',
  source: text === huge ? longName(1, 500) : 'extractive',
  note: text === huge ? huge : 'Times are UTC.',
  points: Array.from({ length: n }, (_, i) => ({
    text: `${text} (14:0${i})`,
    at: new Date(Date.UTC(2026, 11, 7, 14, i)),
    link:
      i % 2
        ? null
        : `https://teams.microsoft.com/l/message/19%3Awall%40thread.tacv2/17334${i}?tenantId=t&parentMessageId=1733400000000${text === huge ? `&x=${'y'.repeat(1500)}` : ''}`,
  })),
});
const orphanAlert = (n: number, over: Partial<OrphanAlertView> = {}, customer = 'Jane Doe'): OrphanAlertView => ({
  kind: 'orphaned',
  agent: { name: 'Ann Lee', email: 'ann.lee@acme.test', status: 'Offline', selfStatus: null },
  businessUnit: 'Sales',
  text: `Ann Lee went Offline holding ${n} open chats of Sales.`,
  chats: Array.from({ length: n }, (_, i) => ({
    ref: `C-${10_000 + i}`,
    customerName: `${customer} ${i}`,
    lastActivityAt: new Date('2026-12-07T09:14:00Z'),
    flags: ['negative', 'inactive'],
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
const longCard = cardView({
  customerName: longName(1, 2000),
  channel: longName(2, 500),
  businessUnit: longName(3, 500),
  agent: { name: longName(4, 2000), email: 'a@b.test', status: 'Busy' },
  csat: { score: 1, reason: huge, source: longName(5, 500) },
});

const hugePresence = presenceView({
  supervisors: Array.from({ length: 40 }, (_, i) => ({ name: longName(i, 2000), surface: 'teams' as const })),
  walls: Array.from({ length: 40 }, (_, i) => ({
    surface: 'teams' as const,
    destination: `19:w${i}@thread.tacv2`,
    unit: longName(i, 500),
    name: i % 2 ? longName(i, 500) : null,
  })),
  lastWhisper: { by: longName(9, 2000), at: new Date('2026-11-24T14:02:41Z') },
});

const cards: [string, () => AdaptiveCard][] = [
  ['chat card', () => renderChatCard(cardView())],
  [
    'chat card, queued and finished',
    () =>
      renderChatCard(
        cardView({ agent: null, state: 'finished', sentiment: null, csat: null, thumbs: null, actions: [] }),
      ),
  ],
  ['chat card with huge names and reason', () => renderChatCard(longCard)],
  ['live transcript card, no messages yet', () => renderChatCard(cardView(), { lines: [], whisperBox: true })],
  ['live transcript card, 25 messages', () => renderChatCard(cardView(), { lines: lines(25), whisperBox: true })],
  [
    'live transcript card, huge messages and names',
    () => renderChatCard(longCard, { lines: hugeLines(LIVE_LINES_MAX), whisperBox: true }),
  ],
  [
    'live transcript card of a finished chat',
    () => renderChatCard(cardView({ state: 'finished', actions: [] }), { lines: lines(3) }),
  ],
  [
    'open chats page',
    () =>
      replyCard({
        type: 'list',
        page: listPage(
          Array.from({ length: 10 }, (_, i) => chatRow(i)),
          { page: 2, pageCount: 5, total: 42 },
        ),
      }),
  ],
  [
    '500 chats on one page, long names',
    () =>
      replyCard({
        type: 'list',
        page: listPage(
          Array.from({ length: 500 }, (_, i) => chatRow(i, longName(i))),
          { title: 'Chats', command: 'chats' },
        ),
      }),
  ],
  [
    'agents page with 20 open chats and 30 units each',
    () =>
      replyCard({
        type: 'list',
        page: listPage(
          Array.from({ length: 10 }, (_, i) => agentRow(i)),
          { title: 'Agents (200)', total: 200, pageCount: 20, command: 'agents' },
        ),
      }),
  ],
  [
    'report of 200 agents and 30 units',
    () =>
      replyCard({
        type: 'list',
        page: listPage(
          Array.from({ length: 230 }, (_, i) => reportRow(i)),
          { title: 'Report: the start – today (9000 chats)', command: '' },
        ),
      }),
  ],
  ['empty list', () => replyCard({ type: 'list', page: listPage([], { emptyText: huge }) })],
  ['help', () => replyCard({ type: 'help', help: helpView() })],
  [
    'help on one command, after an unknown one',
    () => replyCard({ type: 'help', help: helpView('Unknown command `frobnicate`.', 'transfer') }),
  ],
  ['chat card reply', () => replyCard({ type: 'card', card: longCard })],
  ['transfer form', () => replyCard({ type: 'transfer-form', form: transferForm(3, 2) })],
  [
    'transfer form, 200 agents and 500 units with long names',
    () =>
      replyCard({
        type: 'transfer-form',
        form: transferForm(
          200,
          500,
          (i) => longName(i),
          (i) => longName(i, 200),
        ),
      }),
  ],
  ['transfer form, nobody to transfer to', () => replyCard({ type: 'transfer-form', form: transferForm(0, 0) })],
  [
    'finish confirmation',
    () =>
      replyCard({
        type: 'confirm',
        confirm: { ref: 'C-1042', action: 'finish', question: `Finish C-1042 with ${longName(1, 2000)}?` },
      }),
  ],
  [
    'negative alert',
    () =>
      renderAlert({
        kind: 'negative',
        ref: 'C-1042',
        text: 'Sentiment fell to -0.61: "this is awful"',
        claimedBy: null,
      }),
  ],
  [
    'inactivity alert, claimed, huge text',
    () => renderAlert({ kind: 'inactive', ref: 'C-1042', text: huge, claimedBy: longName(1, 2000) }),
  ],
  ['home card', () => replyCard({ type: 'home', home: homeView() })],
  [
    'home card, 500 supervised chats and huge names and reasons',
    () =>
      replyCard({
        type: 'home',
        home: homeView({
          coverage: {
            covered: 1,
            total: 900,
            businessUnits: 'all',
            uncovered: Array.from({ length: 10 }, (_, i) => ({
              ref: `C-${i}`,
              customerName: longName(i, 2000),
              businessUnit: longName(i, 500),
              agentName: longName(i, 500),
              lastActivityAt: new Date(),
              reasons: [huge],
            })),
          },
          supervised: Array.from({ length: 500 }, (_, i) =>
            cardView({ ref: `C-${5000 + i}`, customerName: longName(i, 500) }),
          ),
        }),
      }),
  ],
  [
    'home card without coverage (no permission), nothing supervised',
    () =>
      replyCard({ type: 'home', home: homeView({ coverage: null, coverageNote: huge, supervised: [], watches: [] }) }),
  ],
  // Summaries (issue #14, point 5): points linked to their lines, and the same points in the alerts.
  ['summary with linked points', () => replyCard({ type: 'summary', summary: summaryOf(3) })],
  [
    'summary of five huge points, huge links and note',
    () => replyCard({ type: 'summary', summary: summaryOf(5, huge) }),
  ],
  [
    'negative alert with its summary',
    () =>
      renderAlert({
        kind: 'negative',
        ref: 'C-1042',
        text: 'Sentiment fell to -0.61: "this is awful"',
        claimedBy: null,
        summary: summaryOf(4),
      }),
  ],
  [
    'inactivity alert, claimed, huge summary',
    () =>
      renderAlert({
        kind: 'inactive',
        ref: 'C-1042',
        text: huge,
        claimedBy: longName(1, 2000),
        summary: summaryOf(5, huge),
      }),
  ],
  // Who is on it (issue #14 point 3): a plain one, and 40 supervisors and 40 walls with huge names on a full live card.
  ['chat card with who is on it', () => renderChatCard(cardView({ presence: presenceView() }))],
  [
    'live transcript card, nobody on it',
    () =>
      renderChatCard(cardView({ presence: presenceView({ supervisors: [], walls: [], lastWhisper: null }) }), {
        lines: lines(3),
        whisperBox: true,
      }),
  ],
  [
    'live transcript card, 40 supervisors and 40 walls with huge names',
    () =>
      renderChatCard({ ...longCard, presence: hugePresence }, { lines: hugeLines(LIVE_LINES_MAX), whisperBox: true }),
  ],
  // Orphaned chats (issue #14) and row buttons.
  ['orphaned-chats alert', () => renderAlert(orphanAlert(3))],
  [
    'orphaned-chats alert, 300 chats, huge names, claimed',
    () =>
      renderAlert(
        orphanAlert(
          300,
          { claimedBy: longName(1, 2000), businessUnit: longName(2, 500), text: huge },
          longName(3, 2000),
        ),
      ),
  ],
  [
    'orphaned-chats alert, resolved',
    () => renderAlert(orphanAlert(0, { resolved: "None of Ann Lee's Sales chats are waiting any more.", moves: [] })),
  ],
  [
    'agents page with Move buttons',
    () =>
      replyCard({
        type: 'list',
        page: listPage(
          Array.from({ length: 10 }, (_, i) => ({
            ...agentRow(i),
            button: {
              label: `Move C-${1000 + i} to ${longName(i)}`,
              command: `transfer C-${1000 + i} to agent${i}@acme.test`,
            },
          })),
          { command: 'agents' },
        ),
      }),
  ],
];

const texts: [string, () => string][] = [
  ['lines of a chat', () => renderLines(lines(10)).text],
  ['huge lines of a chat', () => renderLines(hugeLines(20)).text],
  ['notice', () => renderReply({ type: 'notice', tone: 'success', text: 'C-1042 finished.' }).text!],
  [
    'huge notice and hint',
    () => renderReply({ type: 'notice', tone: 'error', text: `Unknown agent \`${huge}\` ${huge}`, hint: huge }).text!,
  ],
  [
    'file notice',
    () =>
      renderFileNotice(
        {
          name: 'convrs-chats-20261124T091403.csv',
          mime: 'text/csv',
          content: '',
          summary: '9000 chats, 2026-11-01 – 2026-11-24',
        },
        `https://bot.acme.test/exports/${'a'.repeat(48)}`,
        15,
      ),
  ],
];

describe.each(cards)('%s', (_, render) => {
  it('passes the official Adaptive Cards validation, warnings included, and fits in one Teams activity', () => {
    const card = render();
    expectValidCard(card);
    expect(expectWithinActivityLimit(cardActivity(card))).toBeLessThanOrEqual(ACTIVITY_BYTES_MAX);
  });
});

describe.each(texts)('%s', (_, render) => {
  it('fits in one Teams activity', () => {
    expectWithinActivityLimit(textActivity(render()));
  });
});

describe('what does not fit is cut, and the card says so', () => {
  const rowsShown = (card: AdaptiveCard) =>
    elementsOf(card).filter((e) => e.type === 'Container' || e.type === 'ColumnSet').length;

  it('a list shows as many rows as fit and "showing N of M"', () => {
    const card = replyCard({
      type: 'list',
      page: listPage(
        Array.from({ length: 500 }, (_, i) => chatRow(i, longName(i))),
        { title: 'Chats', command: 'chats' },
      ),
    });
    const shown = rowsShown(card);
    expect(shown).toBeGreaterThan(20);
    expect(shown).toBeLessThan(500);
    expect(textsOf(card)).toContain(
      `Showing ${shown} of 500 rows: the rest do not fit in one Teams message. Narrow the list (e.g. bu:) to see them.`,
    );
    const report = replyCard({
      type: 'list',
      page: listPage(
        Array.from({ length: 230 }, (_, i) => reportRow(i)),
        { command: '' },
      ),
    });
    expect(textsOf(report).join('\n')).toMatch(new RegExp(`Showing ${rowsShown(report)} of 230 rows`));
  });

  it('a list that fits says nothing about cutting', () => {
    const card = replyCard({
      type: 'list',
      page: listPage(
        Array.from({ length: 10 }, (_, i) => agentRow(i)),
        { command: 'agents' },
      ),
    });
    expect(rowsShown(card)).toBe(10);
    expect(textsOf(card).join('\n')).not.toContain('Showing');
  });

  it('the transfer form caps both pickers and says how to reach the others', () => {
    const card = replyCard({
      type: 'transfer-form',
      form: transferForm(
        200,
        500,
        (i) => longName(i),
        (i) => longName(i, 200),
      ),
    });
    const [agents, units] = elementsOf(card).filter((e): e is InputChoiceSet => e.type === 'Input.ChoiceSet');
    expect(units.choices.length).toBeLessThanOrEqual(BUSINESS_UNIT_CHOICES_MAX);
    expect(agents.choices.length).toBeLessThanOrEqual(AGENT_CHOICES_MAX);
    expect(agents.choices.length).toBeGreaterThan(0);
    const notes = textsOf(card).join('\n');
    expect(notes).toContain(
      `Showing ${agents.choices.length} of 200 agents; for another one type transfer C-1042 to \\<email\\>.`,
    );
    expect(notes).toContain(
      `Showing ${units.choices.length} of 500 business units; for another one type transfer C-1042 to bu:"\\<name\\>".`,
    );
    const small = replyCard({ type: 'transfer-form', form: transferForm(3, 2) });
    expect(textsOf(small).join('\n')).not.toContain('Showing');
  });
});
