// Replies to the requester: notices, list pages with working buttons, help, card, transfer form, confirmation, files, alerts.
import { parseCommand } from '../../../src/core/commands/grammar';
import { helpView } from '../../../src/core/commands/usage';
import type { ListPageView, ListRowView, TransferFormView } from '../../../src/core/views';
import { SUBMIT_ERRORS, submitToCommand } from './actions';
import type { AdaptiveCard, InputChoiceSet } from './adaptive';
import { renderAlert } from './alert';
import { renderChatCard } from './card';
import { renderFileNotice, renderReply } from './reply';
import { AGENT_CHOICES_MAX } from './transfer';
import { cardView, clickOutcome, clickValue, elementsOf, expectValidCard, submitsOf, textsOf } from './test-cards';

const cardOf = (r: ReturnType<typeof renderReply>): AdaptiveCard => {
  expect(r.text).toBeUndefined();
  return r.card!;
};
const commandOf = (card: AdaptiveCard, title: string) => {
  const outcome = clickOutcome(
    card,
    submitsOf(card).find((s) => s.title === title)!,
  );
  return 'command' in outcome ? parseCommand(outcome.command) : outcome;
};

describe('notices', () => {
  it('are text with the tone icon, keep `code` and neutralise the rest', () => {
    expect(
      renderReply({
        type: 'notice',
        tone: 'error',
        text: 'Unknown agent `bob_x` [x](https://e.test) **y**',
        hint: 'Usage: transfer <chat> to <agent>',
      }),
    ).toEqual({
      text: '⚠️ Unknown agent `bob_x` \\[x\\](https://e.test) \\*\\*y\\*\\*\n\nUsage: transfer \\<chat\\> to \\<agent\\>',
    });
    expect(renderReply({ type: 'notice', tone: 'success', text: 'C-1042 finished.' })).toEqual({
      text: '✅ C-1042 finished.',
    });
    expect(renderReply({ type: 'notice', tone: 'info', text: 'Nothing to do.' })).toEqual({
      text: 'ℹ️ Nothing to do.',
    });
  });
});

describe('list pages', () => {
  const rows = (n: number): ListRowView[] =>
    Array.from({ length: n }, (_, i) => ({
      cells: [`C-${1000 + i}`, 'Jane [x](https://e.test) Doe', '', 'Ann Lee'],
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

  it('shows title, count, columns and one neutralised row per item with a Supervise button', () => {
    const card = cardOf(renderReply({ type: 'list', page: page() }));
    expectValidCard(card);
    expect(textsOf(card).slice(0, 4)).toEqual([
      'Open chats',
      '2 of 42 · page 2/5',
      'Chat · Customer · BU · Agent',
      '**C-1000** · Jane \\[x\\](https://e.test) Doe · Ann Lee',
    ]);
    const rowButtons = elementsOf(card).flatMap((e) => (e.type === 'ActionSet' ? e.actions : []));
    expect(rowButtons.map((b) => [b.title, b.data])).toEqual([
      ['Supervise', { convrs: 1, action: 'supervise', chat: 'C-1000', command: 'supervise C-1000' }],
      ['Supervise', { convrs: 1, action: 'supervise', chat: 'C-1001', command: 'supervise C-1001' }],
    ]);
    expect(card.fallbackText).toBe('Open chats (2 of 42 · page 2/5)');
  });

  it('rows without an action have no button', () => {
    const card = cardOf(renderReply({ type: 'list', page: page({ rows: [{ cells: ['Ann Lee', 'Online'] }] }) }));
    expectValidCard(card);
    expect(elementsOf(card).some((e) => e.type === 'ActionSet')).toBe(false);
  });

  it('Previous and Next re-run the command on the neighbouring pages', () => {
    const card = cardOf(renderReply({ type: 'list', page: page() }));
    expect(card.actions!.map((a) => a.title)).toEqual(['◀ Previous', 'Next ▶']);
    expect(card.actions!.map((a) => a.data)).toEqual([
      { convrs: 1, action: 'page', command: 'open bu:"Customer Support" inactive page:1' },
      { convrs: 1, action: 'page', command: 'open bu:"Customer Support" inactive page:3' },
    ]);
    const filter = { businessUnit: 'Customer Support', inactive: true };
    expect(commandOf(card, '◀ Previous')).toEqual({ name: 'open', filter, page: 1 });
    expect(commandOf(card, 'Next ▶')).toEqual({ name: 'open', filter, page: 3 });
  });

  it('offers only the pages that exist', () => {
    const pagerTitles = (over: Partial<ListPageView>) =>
      (cardOf(renderReply({ type: 'list', page: page(over) })).actions ?? []).map((a) => a.title);
    expect(pagerTitles({ page: 1 })).toEqual(['Next ▶']);
    expect(pagerTitles({ page: 5 })).toEqual(['◀ Previous']);
    expect(pagerTitles({ page: 1, pageCount: 1 })).toEqual([]);
  });

  it('says so when empty', () => {
    const card = cardOf(renderReply({ type: 'list', page: page({ rows: [], total: 0, page: 1, pageCount: 1 }) }));
    expectValidCard(card);
    expect(textsOf(card)).toEqual(['Open chats', 'No open chats match.']);
  });
});

describe('help', () => {
  it('lists every command with usage, description and example', () => {
    const card = cardOf(renderReply({ type: 'help', help: helpView('Unknown command `foo`.') }));
    expectValidCard(card);
    const texts = textsOf(card);
    expect(texts[0]).toBe('Convrs Supervisor Bot commands');
    expect(texts[1]).toBe('Unknown command `foo`.'); // the typed word as code, like notices
    expect(texts).toContain('**transfer \\<chat\\> to \\<agent email | agent name | bu:\\<name\\>\\>**');
    expect(texts).toContain('e.g. whisper C-1042 please offer the refund');
    expect(texts.at(-1)).toContain('@mention');
  });
});

describe('card replies', () => {
  it('are the chat card', () => {
    expect(cardOf(renderReply({ type: 'card', card: cardView() }))).toEqual(renderChatCard(cardView()));
  });
});

describe('transfer form', () => {
  const agent = (
    i: number,
    over: Partial<TransferFormView['agents'][number]> = {},
  ): TransferFormView['agents'][number] => ({
    email: `agent${i}@acme.test`,
    name: `Agent ${i}`,
    status: 'Online',
    load: '1 of 5',
    ...over,
  });
  const form = (over: Partial<TransferFormView> = {}): TransferFormView => ({
    ref: 'C-1042',
    agents: [agent(1, { name: 'Bob Stone', status: 'Busy', load: '3 of 5' })],
    businessUnits: ['Customer Support', 'Sales'],
    ...over,
  });
  const pickers = (card: AdaptiveCard) =>
    elementsOf(card).filter((e): e is InputChoiceSet => e.type === 'Input.ChoiceSet');

  it('has agent and business-unit pickers, a Transfer that becomes the command, and Cancel', () => {
    const card = cardOf(renderReply({ type: 'transfer-form', form: form() }));
    expectValidCard(card);
    const [agents, units] = pickers(card);
    expect(agents).toMatchObject({
      id: 'agent',
      label: 'Agent',
      style: 'filtered',
      choices: [{ title: 'Bob Stone · Busy · 3 of 5', value: 'agent1@acme.test' }],
    });
    expect(units).toMatchObject({
      id: 'bu',
      label: 'Business unit',
      choices: [
        { title: 'Customer Support', value: 'Customer Support' },
        { title: 'Sales', value: 'Sales' },
      ],
    });
    expect(card.actions!.map((a) => a.title)).toEqual(['Transfer', 'Cancel']);
    expect(commandOf(card, 'Transfer')).toEqual({
      name: 'transfer',
      chat: 'C-1042',
      to: { kind: 'agent', value: 'agent1@acme.test' },
    });
    expect(commandOf(card, 'Cancel')).toEqual({ cancelled: true, chat: 'C-1042' });
    const transfer = card.actions![0];
    expect(submitToCommand({ ...transfer.data, agent: '', bu: 'Customer Support' })).toEqual({
      command: 'transfer C-1042 to bu:"Customer Support"',
    });
    expect(submitToCommand({ ...clickValue(card, transfer), bu: 'Sales' })).toEqual({
      error: SUBMIT_ERRORS.transferBoth,
    });
    expect(submitToCommand({ ...transfer.data, agent: '', bu: '' })).toEqual({ error: SUBMIT_ERRORS.transferNone });
  });

  it('caps the agent list and says how to reach the others', () => {
    const card = cardOf(
      renderReply({
        type: 'transfer-form',
        form: form({
          agents: Array.from({ length: 130 }, (_, i) => agent(i, { name: `${'Maximilian '.repeat(12)}${i}` })),
        }),
      }),
    );
    expectValidCard(card);
    const [agents] = pickers(card);
    expect(agents.choices).toHaveLength(AGENT_CHOICES_MAX);
    for (const c of agents.choices) expect(c.title).toMatch(/^.{1,80}$/u);
    expect(agents.choices[0].title).toMatch(/… · Online · 1 of 5$/);
    expect(textsOf(card)).toContain(
      `Showing ${AGENT_CHOICES_MAX} of 130 agents; for another one type transfer C-1042 to \\<email\\>.`,
    );
  });

  it('has only Cancel when there is no one to transfer to', () => {
    const card = cardOf(renderReply({ type: 'transfer-form', form: form({ agents: [], businessUnits: [] }) }));
    expectValidCard(card);
    expect(textsOf(card)).toContain('No other agent or business unit is available.');
    expect(card.actions!.map((a) => a.title)).toEqual(['Cancel']);
  });
});

describe('confirmation', () => {
  it('asks the question and offers the confirmed command and Cancel', () => {
    const card = cardOf(
      renderReply({
        type: 'confirm',
        confirm: { ref: 'C-1042', action: 'finish', question: 'Finish C-1042 with **Jane**?' },
      }),
    );
    expectValidCard(card);
    expect(textsOf(card)).toEqual(['❓ Finish C-1042 with \\*\\*Jane\\*\\*?']);
    expect(card.actions!.map((a) => [a.title, a.style])).toEqual([
      ['Finish C-1042', 'destructive'],
      ['Cancel', undefined],
    ]);
    expect(card.actions![0].data).toEqual({
      convrs: 1,
      action: 'finish',
      chat: 'C-1042',
      command: 'finish C-1042 confirm',
    });
    expect(commandOf(card, 'Finish C-1042')).toEqual({ name: 'finish', chat: 'C-1042', confirmed: true });
    expect(commandOf(card, 'Cancel')).toEqual({ cancelled: true, chat: 'C-1042' });
  });
});

describe('renderFileNotice', () => {
  it('names the file, summarises it and links the download with its expiry', () => {
    const file = {
      name: 'chats_2026-11.csv',
      mime: 'text/csv',
      content: '',
      summary: '42 chats, 2026-11-01 – 2026-11-24',
    };
    expect(renderFileNotice(file, 'https://bot.acme.test/exports/abc', 15)).toBe(
      '📄 **chats\\_2026-11.csv** · 42 chats, 2026-11-01 – 2026-11-24\n\n[Download chats\\_2026-11.csv](https://bot.acme.test/exports/abc) (link expires in 15 minutes)',
    );
  });
});

describe('renderAlert', () => {
  it('an open alert offers Supervise and a claim', () => {
    const card = renderAlert({
      kind: 'negative',
      ref: 'C-1042',
      text: 'Sentiment fell to -0.61: "this is [awful](https://e.test)"',
      claimedBy: null,
    });
    expectValidCard(card);
    expect(textsOf(card)).toEqual([
      '**🔴 Negative sentiment** · **C-1042**',
      'Sentiment fell to -0.61: "this is \\[awful\\](https://e.test)"',
    ]);
    expect(card.actions!.map((a) => a.title)).toEqual(['Supervise', 'Suggest whisper', "I've got it"]);
    expect(commandOf(card, 'Suggest whisper')).toEqual({ name: 'suggest', chat: 'C-1042' });
    expect(card.actions![2].data).toEqual({ convrs: 1, action: 'claim', chat: 'C-1042', kind: 'negative' });
    expect(commandOf(card, 'Supervise')).toEqual({ name: 'supervise', chat: 'C-1042' });
    expect(commandOf(card, "I've got it")).toEqual({ claim: { ref: 'C-1042', kind: 'negative' } });
  });

  it('a claimed alert says who has it and offers no claim', () => {
    const card = renderAlert({
      kind: 'inactive',
      ref: 'C-7',
      text: 'No message for 10 minutes',
      claimedBy: 'Sam _Boss_',
    });
    expectValidCard(card);
    expect(textsOf(card)).toEqual([
      '**💤 Inactive** · **C-7**',
      'No message for 10 minutes',
      'Claimed by Sam \\_Boss\\_',
    ]);
    expect(card.actions!.map((a) => a.title)).toEqual(['Supervise', 'Suggest whisper']);
  });
});
