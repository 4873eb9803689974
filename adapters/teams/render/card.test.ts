// The chat card says what the other surfaces' cards say, neutralises customer text, and grows into the live transcript card.
import { parseCommand } from '../../../src/core/commands/grammar';
import type { MessageLineView } from '../../../src/core/views';
import type { InputText, TextBlock } from './adaptive';
import { CARD_BYTES_MAX } from './activity';
import { LIVE_LINES_MAX, renderChatCard } from './card';
import { cardView, clickOutcome, clickValue, elementsOf, expectValidCard, lineView, textsOf } from './test-cards';
import { submitToCommand } from './actions';

const factsOf = (card: ReturnType<typeof renderChatCard>) =>
  Object.fromEntries(
    elementsOf(card).flatMap((e) => (e.type === 'FactSet' ? e.facts.map((f) => [f.title, f.value]) : [])),
  );

describe('renderChatCard', () => {
  it('shows the chat, the agent, localised times, badge, scores, thumbs and state', () => {
    const card = renderChatCard(cardView());
    expectValidCard(card);
    expect(card.body[0]).toMatchObject({ type: 'TextBlock', text: 'C-1042 · Jane Doe', style: 'heading' });
    expect(card.body[1]).toMatchObject({ type: 'TextBlock', text: '💤 Inactive', color: 'Attention' });
    expect(factsOf(card)).toEqual({
      Customer: 'Jane Doe (DE)',
      Channel: 'WhatsApp',
      'Business unit': 'Sales',
      Agent: 'Ann Lee · 🟢 Online',
      Started: '{{DATE(2026-11-24T09:14:03Z, SHORT)}} {{TIME(2026-11-24T09:14:03Z)}}',
      'Last activity': '{{DATE(2026-11-24T09:32:59Z, SHORT)}} {{TIME(2026-11-24T09:32:59Z)}}',
      State: 'Open',
      Sentiment: '😟 negative −0.42 (lexicon)',
      'Predicted CSAT': '2/5 (model) · _Long wait_',
      'Customer feedback': '👎',
    });
    expect(card.fallbackText).toBe('C-1042 · Jane Doe · Sales · Ann Lee · open');
  });

  it('copes with a queued, unscored, active chat', () => {
    const card = renderChatCard(
      cardView({
        agent: null,
        customerCountry: null,
        inactive: false,
        sentiment: null,
        csat: null,
        thumbs: 'up',
        state: 'transferred',
      }),
    );
    expectValidCard(card);
    expect(textsOf(card).join('\n')).not.toContain('Inactive');
    expect(factsOf(card)).toMatchObject({
      Customer: 'Jane Doe',
      Agent: '_waiting in queue_',
      State: 'Transferred',
      'Customer feedback': '👍',
    });
    expect(Object.keys(factsOf(card))).not.toContain('Sentiment');
  });

  it('buttons run transfer, finish and unsupervise on this chat, carrying { action, chat }', () => {
    const card = renderChatCard(cardView());
    const submits = expectValidCard(card);
    expect(submits.map((s) => s.title)).toEqual(['Transfer', 'Finish', 'Stop supervising']);
    expect(submits.map((s) => s.data)).toEqual([
      { convrs: 1, action: 'transfer', chat: 'C-1042', command: 'transfer C-1042' },
      { convrs: 1, action: 'finish', chat: 'C-1042', command: 'finish C-1042' },
      { convrs: 1, action: 'unsupervise', chat: 'C-1042', command: 'unsupervise C-1042' },
    ]);
    const commands = submits
      .map((s) => clickOutcome(card, s))
      .map((o) => ('command' in o ? parseCommand(o.command) : o));
    expect(commands).toEqual([
      { name: 'transfer', chat: 'C-1042' },
      { name: 'finish', chat: 'C-1042', confirmed: false },
      { name: 'unsupervise', chat: 'C-1042' },
    ]);
    expect(renderChatCard(cardView({ actions: [] })).actions).toBeUndefined();
  });

  it('neutralises markdown in what customers and agents control', () => {
    const card = renderChatCard(
      cardView({
        customerName: '**Eve** [click](https://evil.test)',
        customerCountry: '_x_',
        channel: '<at>Web</at>',
        businessUnit: '# Sales',
        agent: { name: 'A*B*', email: 'a@b.test', status: null },
        csat: { score: 1, reason: 'said [pay here](https://evil.test)', source: 'model' },
      }),
    );
    expectValidCard(card);
    expect((card.body[0] as TextBlock).text).toBe('C-1042 · \\*\\*Eve\\*\\* \\[click\\](https://evil.test)');
    expect(factsOf(card)).toMatchObject({
      Customer: '\\*\\*Eve\\*\\* \\[click\\](https://evil.test) (\\_x\\_)',
      Channel: '\\<at\\>Web\\</at\\>',
      'Business unit': '\\# Sales',
      Agent: 'A\\*B\\*',
      'Predicted CSAT': '1/5 (model) · _said \\[pay here\\](https://evil.test)_',
    });
    expect(textsOf(card).join('\n')).not.toMatch(/(?<!\\)\[click|(?<!\\)\*\*Eve/);
  });
});

describe('live transcript card', () => {
  const lines = (n: number, over: Partial<MessageLineView> = {}) =>
    Array.from({ length: n }, (_, i) =>
      lineView({ text: `message ${i}`, at: new Date(Date.UTC(2026, 10, 24, 9, i)), ...over }),
    );

  it('adds the latest lines, whispers and notes marked, attachments as links', () => {
    const card = renderChatCard(cardView(), {
      lines: [
        lineView({
          text: 'where is my *order*?',
          attachments: [{ name: 'receipt [1].pdf', url: 'https://files.test/r (1).pdf' }],
        }),
        lineView({ role: 'whisper', label: 'Whisper from Sam Boss', text: 'offer the refund', isWhisper: true }),
        lineView({ role: 'system', label: 'System', text: 'Transferred to\nAnn Lee', isNote: true }),
      ],
    });
    expectValidCard(card);
    const texts = textsOf(card);
    expect(texts).toEqual(
      expect.arrayContaining([
        'Messages',
        '**Customer Jane Doe** · {{TIME(2026-11-24T09:14:03Z)}}',
        'where is my \\*order\\*?',
        '📎 [receipt \\[1\\].pdf](https://files.test/r%20%281%29.pdf)',
        '🤫 **Whisper from Sam Boss** · {{TIME(2026-11-24T09:14:03Z)}}',
        'offer the refund',
        '_Transferred to Ann Lee_ · {{TIME(2026-11-24T09:14:03Z)}}',
      ]),
    );
    const note = elementsOf(card).find((e) => e.type === 'TextBlock' && e.text.startsWith('_Transferred'));
    expect(note).toMatchObject({ isSubtle: true });
  });

  it(`shows at most the last ${LIVE_LINES_MAX} lines and says how many there are`, () => {
    const card = renderChatCard(cardView(), { lines: lines(25) });
    expectValidCard(card);
    const texts = textsOf(card);
    expect(texts).toContain(`Latest ${LIVE_LINES_MAX} of 25 messages`);
    expect(texts).toContain('message 24');
    expect(texts).toContain('message 15');
    expect(texts).not.toContain('message 14');
    expect(textsOf(renderChatCard(cardView(), { lines: [] }))).toContain('No messages yet.');
  });

  it('stays under the Teams size limit with huge messages, dropping the oldest lines first', () => {
    const huge = lines(LIVE_LINES_MAX, {
      text: '*_[]<>'.repeat(5000),
      attachments: [{ name: 'a'.repeat(300), url: `https://files.test/${'b'.repeat(2000)}` }],
    });
    const card = renderChatCard(cardView(), { lines: huge, whisperBox: true });
    expectValidCard(card);
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThanOrEqual(CARD_BYTES_MAX);
    const body = textsOf(card).filter((t) => t.startsWith('\\*\\_'));
    expect(body.length).toBeGreaterThan(0);
    expect(body.length).toBeLessThan(LIVE_LINES_MAX);
    for (const t of body) expect(t.endsWith('…')).toBe(true);
  });

  it('carries a whisper box whose submit sends a whisper to the agent, and the other buttons ignore it', () => {
    const card = renderChatCard(cardView(), { lines: lines(2), whisperBox: true });
    const submits = expectValidCard(card);
    const box = elementsOf(card).find((e): e is InputText => e.type === 'Input.Text');
    expect(box).toMatchObject({
      id: 'whisper',
      label: 'Whisper: only the agent sees it, never the customer',
      placeholder: 'Whisper to Ann Lee',
      isMultiline: true,
      isRequired: true,
    });
    expect(submits.map((s) => s.title)).toEqual(['Send whisper', 'Transfer', 'Finish', 'Stop supervising']);
    const [send, ...others] = submits;
    expect(send.data).toEqual({ convrs: 1, action: 'whisper', chat: 'C-1042' });
    const outcome = submitToCommand(clickValue(card, send, 'say "sorry"\nthen refund'));
    expect(outcome).toEqual({ command: 'whisper C-1042 say "sorry"\nthen refund' });
    expect(parseCommand((outcome as { command: string }).command)).toEqual({
      name: 'whisper',
      chat: 'C-1042',
      text: 'say "sorry"\nthen refund',
    });
    for (const s of others) expect(s.associatedInputs).toBe('none');
    const queued = renderChatCard(cardView({ agent: null }), { lines: [], whisperBox: true });
    expectValidCard(queued);
    expect(elementsOf(queued).find((e) => e.type === 'Input.Text')).toMatchObject({
      placeholder: 'Whisper to the agent',
    });
  });
});
