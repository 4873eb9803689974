// The situation detector and its templates: each situation from stored lines, a chat with nothing special, and
// templates that address the agent and name the concern by a topic word, never the customer's own words.
import type { SenderRole } from './model';
import type { SummaryLine } from './summary';
import { detectSituation, promiseDueMs, similarity, templateWhisper, type SituationInput } from './whisper-situation';

const T0 = Date.UTC(2026, 11, 7, 14, 0);
const min = (n: number) => new Date(T0 + n * 60_000);
const lines = (rows: Array<[SenderRole, string, number]>): SummaryLine[] =>
  rows.map(([role, text, at], i) => ({ id: i + 1, role, author: role, text, at: min(at) }));
const input = (rows: Array<[SenderRole, string, number]>, o: Partial<SituationInput> = {}): SituationInput => ({
  agentName: 'Ann Lee',
  sentimentLabel: 'neutral',
  sentimentScore: 0,
  lines: lines(rows),
  now: min(10),
  longWaitMs: 5 * 60_000,
  ...o,
});

describe('detectSituation', () => {
  it('a promise not kept: the agent said they would get back in 5 minutes, and 9 passed without an agent line', () => {
    const s = detectSituation(
      input([
        ['customer', 'Where is my refund for order 5521?', 0],
        ['agent', "Let me check with billing, I'll get back to you in 5 minutes.", 1],
      ]),
    );
    expect(s.kind).toBe('promise not kept');
    expect(s.evidence).toBe('Ann Lee promised at 14:01 to come back within 5 min; no agent line for 9 min.');
    expect(s.concern).toBe('the refund');
  });

  it('a promise still within its time is not broken', () => {
    const s = detectSituation(input([['agent', "I'll check and get back to you in 15 minutes", 1]]));
    expect(s.kind).toBe('general');
  });

  it('a long wait: the customer’s last lines unanswered for longer than the inactivity time', () => {
    const s = detectSituation(
      input([
        ['agent', 'Hello, how can I help?', 0],
        ['customer', 'My parcel has not arrived', 3],
        ['customer', 'hello?', 4],
      ]),
    );
    expect(s.kind).toBe('long wait');
    expect(s.evidence).toBe('The customer has waited 7 min for an answer (since 14:03).');
    expect(s.concern).toBe('the delivery');
  });

  it('a repeated question: the customer asks the same thing twice', () => {
    const s = detectSituation(
      input([
        ['customer', 'When will my replacement arrive?', 0],
        ['agent', 'We are sorry for the trouble.', 1],
        ['customer', 'Ok but when will the replacement arrive?', 8],
        ['agent', 'Let me see.', 9],
      ]),
    );
    expect(s.kind).toBe('repeated question');
    expect(s.evidence).toBe('The customer asked the same thing twice (14:00 and 14:08).');
  });

  it('a negative customer: from the sentiment label, or a strongly negative recent line', () => {
    const byLabel = detectSituation(
      input(
        [
          ['customer', 'hm', 9],
          ['agent', 'ok', 9],
        ],
        { sentimentLabel: 'negative', sentimentScore: -0.62 },
      ),
    );
    expect(byLabel).toMatchObject({
      kind: 'negative customer',
      evidence: "The customer's sentiment is negative (-0.62).",
    });
    const byLine = detectSituation(
      input([
        ['customer', 'This is ridiculous, I paid twice!!', 9],
        ['agent', 'Sorry to hear that.', 9],
      ]),
    );
    expect(byLine).toMatchObject({ kind: 'negative customer', concern: 'the payment' });
  });

  it('several situations: the most pressing first, the others in `also`', () => {
    const s = detectSituation(
      input(
        [
          ['agent', "I'll check and get back to you in 2 minutes", 0],
          ['customer', 'this is unacceptable', 3],
        ],
        { sentimentLabel: 'negative', sentimentScore: -0.5 },
      ),
    );
    expect(s.kind).toBe('promise not kept');
    expect(s.also).toEqual(['long wait', 'negative customer']);
  });

  it('a chat with nothing special is general', () => {
    const s = detectSituation(
      input([
        ['customer', 'Hi, can I change my delivery address?', 8],
        ['agent', 'Sure, I have updated it for you.', 9],
      ]),
    );
    expect(s).toEqual({
      kind: 'general',
      evidence: 'Nothing stands out in the chat.',
      concern: 'the delivery',
      also: [],
    });
  });

  it('whispers, bot lines and blank lines are ignored', () => {
    const s = detectSituation(
      input([
        ['agent', 'Thanks for waiting', 8],
        ['whisper', "I'll get back to you in 1 minute", 8],
        ['customer', '   ', 0],
      ]),
    );
    expect(s.kind).toBe('general');
  });
});

describe('promiseDueMs and similarity', () => {
  it.each([
    ["I'll get back to you in 5 minutes", 5],
    ['Give me 10 mins to look into it', 10],
    ['Let me check that for you', 5],
    ['One moment, let me look', 2],
    ["I'll update you within an hour", 60],
    ['Thanks for your patience', null],
  ])('%s → %s min', (text, m) => {
    expect(promiseDueMs(text)).toBe(m === null ? null : m * 60_000);
  });

  it('scores shared content words', () => {
    expect(similarity('When will my refund arrive?', 'when will the refund arrive')).toBe(1);
    expect(similarity('When will my refund arrive?', 'Can I change my password?')).toBe(0);
  });
});

describe('templateWhisper', () => {
  const s = (kind: Parameters<typeof templateWhisper>[0]['kind'], also: string[] = []) =>
    ({ kind, evidence: '', concern: 'the refund', also }) as Parameters<typeof templateWhisper>[0];

  it.each(['promise not kept', 'long wait', 'repeated question', 'negative customer', 'general'] as const)(
    '%s: addressed to the agent by first name, names the concern, short',
    (kind) => {
      const text = templateWhisper(s(kind), 'Ann Lee');
      expect(text.startsWith('Ann, ')).toBe(true);
      expect(text).toContain('the refund');
      expect(text.length).toBeLessThan(220);
    },
  );

  it('without an agent name or a concern it still reads', () => {
    expect(templateWhisper({ kind: 'negative customer', evidence: '', concern: null, also: [] }, null)).toBe(
      'the customer is upset. Acknowledge how they feel, apologise once, and offer one concrete next step with a time.',
    );
  });

  it('a long wait with an upset customer starts with the wait', () => {
    expect(templateWhisper(s('long wait', ['negative customer']), 'Ann Lee')).toContain('acknowledging the wait');
  });
});
