// The extractive summarizer: the request, the latest customer line, the most upset line and the agent's last
// commitment, each quoting one line it cites; never one line twice; whispers, bot lines and notes never summarised.
import type { SenderRole } from '../../src/core/model';
import type { SummaryLine } from '../../src/core/summary';
import { summarizeExtractive } from './summary-extractive';

const START = Date.UTC(2026, 11, 7, 14, 0);
/** Lines with ids 101, 102, … a minute apart. */
const chat = (lines: Array<[SenderRole, string]>): SummaryLine[] =>
  lines.map(([role, text], i) => ({
    id: 101 + i,
    role,
    author: role === 'agent' ? 'Agent Ann Lee' : role === 'customer' ? 'Customer Jane Doe' : 'Acme Bot',
    text,
    at: new Date(START + i * 60_000),
  }));
const summarize = (lines: SummaryLine[]) => summarizeExtractive({ chatRef: 'C-1042', lines });
const cited = (lines: SummaryLine[]) => summarize(lines).points.map((p) => p.lineId);

const refundChat = chat([
  ['customer', 'Hi!'],
  ['customer', 'I returned the jacket 5 weeks ago and I still have no refund'],
  ['agent', 'Hello, could you share the order number?'],
  ['customer', 'JK-99812. This is ridiculous, I gave it to your colleague twice already!!'],
  ['agent', "I'm sorry. I've escalated it and you will get the refund within 48 hours."],
  ['customer', 'ok, we will see'],
]);

describe('summarizeExtractive', () => {
  it('names the request, the most upset line, the commitment and the latest line, in the order they were said', () => {
    const d = summarize(refundChat);
    expect(d.source).toBe('extractive');
    expect(d.points).toEqual([
      { lineId: 102, text: 'Asked: “I returned the jacket 5 weeks ago and I still have no refund”' },
      { lineId: 104, text: 'Most upset: “JK-99812. This is ridiculous, I gave it to your colleague twice already!!”' },
      {
        lineId: 105,
        text: "Ann Lee promised: “I'm sorry. I've escalated it and you will get the refund within 48 hours.”",
      },
      { lineId: 106, text: 'Latest from the customer: “ok, we will see”' },
    ]);
  });

  it('takes the first line that says something as the request, not a greeting', () => {
    expect(
      summarize(
        chat([
          ['customer', 'hello'],
          ['customer', 'Good morning!'],
          ['customer', 'order 7781'],
          ['agent', 'It shipped yesterday.'],
        ]),
      ).points[0],
    ).toEqual({ lineId: 103, text: 'Asked: “order 7781”' });
  });

  it.each([
    ['promised', "I'll pass this to our technical team, they will call you tomorrow."],
    ['promised', 'Let me check that for you.'],
    ['confirmed', "I've refunded the duplicate charge."],
    ['confirmed', 'Done, the address is updated.'],
    ['offered', 'I can offer a 15% discount on a new strap.'],
  ])('reads an agent line as %s: %s', (kind, line) => {
    const d = summarize(
      chat([
        ['customer', 'My strap broke after a week'],
        ['agent', line],
        ['customer', 'ok'],
      ]),
    );
    expect(d.points.find((p) => p.lineId === 102)?.text).toBe(`Ann Lee ${kind}: “${line}”`);
  });

  it('takes the last commitment, not the last agent line, and says so', () => {
    const d = summarize(
      chat([
        ['customer', 'Where is my parcel?'],
        ['agent', "I'll ask the courier to redeliver tomorrow."],
        ['agent', 'Anything else?'],
        ['customer', 'no thanks'],
      ]),
    );
    expect(d.points.map((p) => p.lineId)).toEqual([101, 102, 104]);
  });

  it('without a commitment, the last agent line that says something stands in', () => {
    const d = summarize(
      chat([
        ['customer', 'Do you ship to Norway?'],
        ['agent', 'Yes, delivery takes 4-6 working days.'],
        ['agent', 'Enjoy!'],
        ['customer', 'ok good to know'],
      ]),
    );
    expect(d.points[1]).toEqual({ lineId: 102, text: 'Last from Ann Lee: “Yes, delivery takes 4-6 working days.”' });
  });

  it('a "within 30 days" policy is no promise', () => {
    const d = summarize(
      chat([
        ['customer', 'Is there a fee to return an item?'],
        ['agent', 'No, returns within 30 days are free.'],
        ['customer', 'cheers'],
      ]),
    );
    expect(d.points[1].text).toMatch(/^Last from Ann Lee: /);
  });

  it('"please try again tomorrow" asks the customer: no promise', () => {
    const d = summarize(
      chat([
        ['customer', 'I cannot upgrade my plan'],
        ['agent', 'The upgrade page is down at the moment, please try again tomorrow.'],
        ['customer', 'ok'],
      ]),
    );
    expect(d.points[1].text).toMatch(/^Last from Ann Lee: /);
  });

  it('never cites one line twice: an upset request or an upset latest line says so in its one point', () => {
    const upsetFirst = summarize(
      chat([
        ['customer', 'This is unacceptable, my order is 3 weeks late!!'],
        ['agent', "I'll check now."],
        ['customer', 'thanks'],
      ]),
    );
    expect(upsetFirst.points.map((p) => p.text)).toEqual([
      'Asked, upset: “This is unacceptable, my order is 3 weeks late!!”',
      "Ann Lee promised: “I'll check now.”",
      'Latest from the customer: “thanks”',
    ]);
    const upsetLast = summarize(
      chat([
        ['customer', 'Can I change my address?'],
        ['agent', 'No, it has shipped.'],
        ['customer', 'Useless. Thanks for nothing.'],
      ]),
    );
    expect(upsetLast.points.at(-1)!.text).toBe(
      'Latest from the customer, and the most upset: “Useless. Thanks for nothing.”',
    );
    for (const lines of [
      refundChat,
      chat([
        ['customer', 'hi there, my parcel is late'],
        ['customer', 'hi there, my parcel is late'],
      ]),
    ]) {
      const ids = cited(lines);
      expect(new Set(ids).size).toBe(ids.length);
    }
  });

  it('a calm chat has no "most upset" point', () => {
    expect(
      summarize(
        chat([
          ['customer', 'How do I reset my password?'],
          ['agent', 'Use the link on the login page.'],
          ['customer', 'worked, thanks!'],
        ]),
      ).points.map((p) => p.text),
    ).not.toContainEqual(expect.stringMatching(/upset/));
  });

  it('summarises only customer and agent lines: whispers, bot lines and system notes are never cited or quoted', () => {
    const lines = chat([
      ['customer', 'My order never arrived'],
      ['bot', 'An agent will be with you shortly.'],
      ['whisper', 'I will refund it, she is a VIP'],
      ['system', 'Assigned to Ann Lee'],
      ['agent', 'Sorry about that, checking now.'],
      ['whisper', 'Offer the refund, this is terrible'],
      ['customer', 'ok'],
    ]);
    const d = summarize(lines);
    const allowed = lines.filter((l) => l.role === 'customer' || l.role === 'agent').map((l) => l.id);
    expect(d.points.map((p) => p.lineId).every((id) => allowed.includes(id))).toBe(true);
    expect(JSON.stringify(d)).not.toMatch(/VIP|Offer the refund|shortly|Assigned/);
  });

  it('always makes two to five points from a real exchange, every one citing a line it was given, and cuts long lines', () => {
    const long = `My order ${'is really very late and '.repeat(20)}I want it now`;
    for (const lines of [
      refundChat,
      chat([
        ['customer', long],
        ['agent', 'I will look into it today.'],
      ]),
      chat([
        ['customer', 'hello?'],
        ['customer', 'anyone there?'],
        ['customer', 'forget it'],
      ]),
    ]) {
      const d = summarize(lines);
      expect(d.points.length).toBeGreaterThanOrEqual(2);
      expect(d.points.length).toBeLessThanOrEqual(5);
      for (const p of d.points) expect(lines.map((l) => l.id)).toContain(p.lineId);
    }
    const cut = summarize(
      chat([
        ['customer', long],
        ['agent', 'I will look into it today.'],
      ]),
    ).points[0].text;
    expect(cut.length).toBeLessThan(160);
    expect(cut).toMatch(/^Asked(, upset)?: “My order is really very late.*…”$/);
  });

  it('too little to say two things about gives fewer than two points (the use case then answers one sentence)', () => {
    expect(summarize(chat([['customer', 'hello, is anyone there?']])).points).toHaveLength(1);
    expect(
      summarize(
        chat([
          ['whisper', 'check this one'],
          ['system', 'Assigned to Ann Lee'],
        ]),
      ).points,
    ).toHaveLength(0);
  });
});

describe('hand-over greetings', () => {
  it('"I will take it from here" is no commitment: the last line that says something stands in', () => {
    const d = summarize(
      chat([
        ['customer', 'Can I get an invoice with our company name on it?'],
        ['agent', 'Hello Chloé, Ann here, I will take it from here.'],
        ['agent', 'I cannot change the name on an invoice once it is made.'],
        ['customer', 'My accountant needs it TODAY. This is unacceptable.'],
      ]),
    );
    expect(d.points.map((p) => p.text)).toContain(
      'Last from Ann Lee: “I cannot change the name on an invoice once it is made.”',
    );
  });
});
