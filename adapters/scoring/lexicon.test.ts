// The lexicon scorer's tuning: message-level rules, then the chat-level mood and CSAT signals.
import type { SenderRole, Thumbs } from '../../src/core/model';
import type { ScoringInput } from '../../src/core/scoring';
import { labelOf, lexiconScorer, scoreWithLexicon } from './lexicon';
import { messageSentiment as s } from './message-sentiment';

const START = Date.UTC(2026, 2, 2, 9);
/** A chat from [role, text, minutes since start] triples. */
const chat = (lines: Array<[SenderRole, string, number?]>, thumbs: Thumbs | null = null): ScoringInput => ({
  chatRef: 'C-1001',
  lines: lines.map(([role, text, min], i) => ({ role, text, at: new Date(START + (min ?? i * 0.5) * 60_000) })),
  thumbs,
  finished: true,
});

describe('one message', () => {
  it('flips negated words, including apostrophe-less negators', () => {
    expect(s('happy')).toBeGreaterThan(0);
    expect(s('not happy')).toBeLessThan(0);
    expect(s('not bad at all')).toBeGreaterThan(0);
    expect(s('no complaints')).toBeGreaterThan(0);
    expect(s('it didnt work')).toBeLessThan(0);
    expect(s("that doesn't help")).toBeLessThan(0);
    expect(s('the parcel never arrived')).toBeLessThan(0);
  });

  it('does not carry a negation across punctuation', () => {
    expect(s('still nothing. nobody replied')).toBeLessThan(s('still nothing'));
  });

  it('scores emoji', () => {
    expect(labelOf(s('😡😡'))).toBe('negative');
    expect(labelOf(s('😊'))).toBe('positive');
  });

  it('intensifies with ALL CAPS, "!!!" and "??", and reads shouting or "??" alone as negative', () => {
    expect(s('THIS IS RIDICULOUS')).toBeLessThan(s('this is ridiculous'));
    expect(s('thanks!!!')).toBeGreaterThan(s('thanks'));
    expect(s('this is ridiculous!!!')).toBeLessThan(s('this is ridiculous'));
    expect(s('I have been waiting 3 days')).toBe(0);
    expect(labelOf(s('I HAVE BEEN WAITING 3 DAYS'))).toBe('negative');
    expect(labelOf(s('where is my order??'))).toBe('negative');
  });

  it.each([
    'refund',
    'cancel',
    'cancellation',
    'still waiting',
    'again',
    'nobody',
    'useless',
    'ridiculous',
    'chargeback',
    'complaint',
    'escalate',
    'manager',
    'worst',
    'unacceptable',
  ])('reads the support word "%s" as negative', (word) => expect(s(word)).toBeLessThan(0));

  it.each(['thanks', 'thank you', 'solved', 'resolved', 'great', 'perfect', 'appreciate', 'that worked'])(
    'reads the support word "%s" as positive',
    (word) => expect(s(word)).toBeGreaterThan(0),
  );

  it('keeps requests and formulaic politeness neutral', () => {
    expect(s('Good morning, I need help with an order please')).toBe(0);
    expect(labelOf(s('Could you check my order? Thanks in advance'))).toBe('neutral');
    expect(labelOf(s('What is your refund policy?'))).toBe('neutral');
  });

  it('scores a plain question or polite request 0, whatever it is about', () => {
    for (const text of [
      'Do you offer a discount for non-profits?',
      "I'd like to cancel my subscription please",
      'Can I change my delivery address?',
      'How do I reset my password?',
      'Is there a fee to return an item?',
      'Could you help me with a problem on my account?',
      "I'd like to report a lost card",
      'What should I do if an item arrives broken?',
      'Please cancel the second item in my order, I ordered it by mistake',
    ])
      expect([text, s(text)]).toEqual([text, 0]);
  });

  it('keeps complaints negative, also when asked as a question', () => {
    for (const text of [
      "I've asked three times and still no refund",
      'This is ridiculous, cancel my subscription now',
      'the jeans ripped after one wash',
      'Why is my refund still not here??',
      'Why do I have to wait 40 minutes for a reply?',
      'How is this acceptable?',
      'Can you please stop charging me for something I cancelled?',
      'you guys lost my parcel and now you want ME to call the courier?',
    ])
      expect([text, labelOf(s(text))]).toEqual([text, 'negative']);
  });

  it('counts the topic of a question once the message shows a feeling ("why", "??", a negative word)', () => {
    expect(s('Can I get a refund?')).toBe(0);
    expect(s('Why is my refund late?')).toBeLessThan(0);
    expect(s('Can I get a refund??')).toBeLessThan(0);
    expect(s('Can I get a REFUND?')).toBeLessThan(0);
    expect(s('Can I return it? You broke it again')).toBeLessThan(0);
    expect(s('Useless. Can I get a refund?')).toBeLessThan(s('Useless.'));
    expect(s('My phone arrived broken. Can I return it?')).toBeLessThan(0);
  });

  it('keeps happy lines positive, also with a question', () => {
    for (const text of [
      'Great, thanks! Can I also update my email?',
      'Thanks, that was so helpful! How do I rate this chat?',
      'perfect, thank you so much!',
    ]) {
      expect([text, labelOf(s(text))]).toEqual([text, 'positive']);
    }
  });

  it('lets the clause after "but" decide', () => {
    expect(s('thanks but it still does not work')).toBeLessThan(0);
    expect(s('I was annoyed before but you fixed it fast, thank you')).toBeGreaterThan(0);
  });

  it('stays in [-1, 1]', () => {
    expect(s('WORST USELESS RIDICULOUS SCAM!!! 😡😡😡😡')).toBeGreaterThanOrEqual(-1);
    expect(s('thank you thank you perfect great amazing!!! 😊😊😊')).toBeLessThanOrEqual(1);
  });
});

describe('a chat', () => {
  const angry = 'this is ridiculous, worst service ever';
  const happy = 'perfect, thank you so much!';

  it('scores the customer only, weighting recent messages more', async () => {
    const r = await lexiconScorer().score(
      chat([
        ['customer', angry],
        ['agent', 'Sorry, terrible of us'],
        ['customer', happy],
      ]),
    );
    expect(r.sentiment.source).toBe('lexicon');
    expect(r.sentiment.score).toBeGreaterThan(0);
    expect(
      scoreWithLexicon(
        chat([
          ['customer', happy],
          ['customer', angry],
        ]),
      ).sentiment.score,
    ).toBeLessThan(0);
    const withRudeAgent = scoreWithLexicon(
      chat([
        ['customer', 'ok'],
        ['agent', 'This is ridiculous, you are useless'],
      ]),
    );
    expect(withRudeAgent.sentiment.score).toBe(0);
  });

  it('ignores whispers and system notes', () => {
    const plain = scoreWithLexicon(chat([['customer', 'my order number is 4481']]));
    const noisy = scoreWithLexicon(
      chat([
        ['customer', 'my order number is 4481'],
        ['whisper', 'worst customer, useless'],
        ['system', 'Transferred, unacceptable delay'],
      ]),
    );
    expect(noisy.sentiment).toEqual(plain.sentiment);
  });

  it('names the most negative customer line as the tipping line', () => {
    const r = scoreWithLexicon(
      chat([
        ['customer', 'hello'],
        ['customer', angry],
        ['customer', 'still waiting'],
        ['customer', 'ok'],
      ]),
    );
    expect(r.sentiment.tippingLine).toBe(angry);
    expect(scoreWithLexicon(chat([['customer', happy]])).sentiment.tippingLine).toBeUndefined();
  });

  it('gives CSAT credit for an improving trajectory and a confirmed resolution', () => {
    const improving = scoreWithLexicon(
      chat([
        ['customer', angry],
        ['customer', 'ok'],
        ['customer', happy],
      ]),
    );
    const worsening = scoreWithLexicon(
      chat([
        ['customer', happy],
        ['customer', 'ok'],
        ['customer', angry],
      ]),
    );
    expect(improving.csat.score).toBeGreaterThan(worsening.csat.score);
    expect(improving.csat.reason).toMatch(/mood improved/);
    expect(improving.csat.reason).toMatch(/confirmed a resolution/);
    expect(worsening.csat.reason).toMatch(/mood worsened/);
  });

  it('takes CSAT off for slow agent replies', () => {
    const after = (min: number) =>
      scoreWithLexicon(
        chat([
          ['customer', 'where is my parcel', 0],
          ['agent', 'It arrives today.', min],
          ['customer', 'ok', min + 1],
        ]),
      ).csat;
    expect(after(1).score).toBeGreaterThan(after(8).score);
    expect(after(8).score).toBeGreaterThan(after(20).score);
    expect(after(20).reason).toMatch(/20 min wait for an agent/);
    const unanswered = scoreWithLexicon(
      chat([
        ['customer', 'hello', 0],
        ['customer', 'anyone?', 25],
      ]),
    ).csat;
    expect(unanswered.reason).toMatch(/25 min wait/);
  });

  it('bounds CSAT by the thumbs: up → at least 4, down → at most 2', () => {
    expect(scoreWithLexicon(chat([['customer', angry]], 'up')).csat.score).toBeGreaterThanOrEqual(4);
    const down = scoreWithLexicon(chat([['customer', happy]], 'down')).csat;
    expect(down.score).toBeLessThanOrEqual(2);
    expect(down.reason).toMatch(/^Thumbs down; /);
  });

  it('keeps CSAT within 1..5 with one decimal', () => {
    for (const text of [angry, happy, 'ok']) {
      const { score } = scoreWithLexicon(
        chat([
          ['customer', text],
          ['customer', text],
          ['customer', text],
        ]),
      ).csat;
      expect(score).toBeGreaterThanOrEqual(1);
      expect(score).toBeLessThanOrEqual(5);
      expect(Math.round(score * 10) / 10).toBe(score);
    }
  });

  it('answers neutral and 3 when the customer has not written', async () => {
    const r = await lexiconScorer().score(chat([['agent', 'Hello! How can I help?']]));
    expect(r.sentiment).toMatchObject({ score: 0, label: 'neutral' });
    expect(r.csat).toMatchObject({ score: 3, source: 'lexicon' });
  });
});
