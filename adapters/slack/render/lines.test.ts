// Message lines: labelled, escaped, whispers and notes marked, and long or many lines kept whole within Block Kit limits.
import type { MessageLineView } from '../../../src/core/views';
import { renderLinePosts, renderLines } from './lines';
import { expectWithinLimits, lineView, mrkdwnTexts } from './test-views';

const words = (n: number, prefix = 'w') => Array.from({ length: n }, (_, i) => `${prefix}${i}`).join(' ');
const allText = (lines: MessageLineView[]) =>
  renderLinePosts(lines)
    .flatMap((m) => mrkdwnTexts(m.blocks))
    .join('\n');

describe('renderLines', () => {
  it('labels the author and time, then the text', () => {
    const { text, blocks } = renderLines([lineView()]);
    expect(text).toBe('Customer Jane Doe: hello');
    const secs = Date.parse('2026-11-24T09:14:03Z') / 1000;
    expect(blocks).toEqual([
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          verbatim: true,
          text: `*Customer Jane Doe*  <!date^${secs}^{time_secs}|2026-11-24 09:14 UTC>\nhello`,
        },
      },
    ]);
  });

  it('escapes customer text so mentions and markup stay text', () => {
    const { text, blocks } = renderLines([lineView({ text: 'hi <!channel> & <@U123> <https://x.test|click>' })]);
    const body = mrkdwnTexts(blocks)[0];
    expect(body).toContain('hi &lt;!channel&gt; &amp; &lt;@U123&gt; &lt;https://x.test|click&gt;');
    expect(text).toContain('&lt;!channel&gt;');
    expect(`${text}${body}`).not.toMatch(/<!channel>|<@U123>/);
  });

  it('marks whispers and keeps their text exact', () => {
    const { blocks } = renderLines([
      lineView({
        role: 'whisper',
        label: 'Whisper from Sam Boss',
        text: 'check order_id 42\nthen refund',
        isWhisper: true,
      }),
    ]);
    const [body] = mrkdwnTexts(blocks);
    expect(body).toMatch(/^🤫 \*Whisper from Sam Boss\*/);
    expect(body).toContain('\n> check order_id 42\n> then refund');
    const plain = renderLines([lineView({ role: 'whisper', label: 'Sam Boss', text: 'x', isWhisper: true })]);
    expect(mrkdwnTexts(plain.blocks)[0]).toContain('*Whisper from Sam Boss*');
  });

  it('shows notes as a short italic context line', () => {
    const { blocks } = renderLines([
      lineView({ role: 'system', label: 'System', text: 'Transferred to Ann Lee', isNote: true }),
    ]);
    expect(blocks).toHaveLength(1);
    expect(blocks[0].type).toBe('context');
    const [note] = mrkdwnTexts(blocks);
    expect(note).toMatch(/^<!date\^\d+\^\{time_secs\}\|[^>]+>  _Transferred to Ann Lee_$/);
    expect(note).not.toContain('System');
  });

  it('links attachments by name', () => {
    const { text, blocks } = renderLines([
      lineView({ text: '', attachments: [{ name: 'invoice <1>.pdf', url: 'https://files.test/a?b=1&c=2' }] }),
    ]);
    expect(mrkdwnTexts(blocks)[0]).toContain('📎 <https://files.test/a?b=1&amp;c=2|invoice &lt;1&gt;.pdf>');
    expect(text).toBe('Customer Jane Doe: invoice &lt;1&gt;.pdf');
  });

  it('splits a 10 000-character message into sections without losing a word', () => {
    const long = words(2000);
    expect(long.length).toBeGreaterThan(10_000);
    const { text, blocks } = renderLines([lineView({ text: long })]);
    expectWithinLimits(blocks);
    expect(blocks.length).toBeGreaterThanOrEqual(4);
    const joined = mrkdwnTexts(blocks).join(' ');
    expect(joined.split(/\s+/).filter((w) => /^w\d+$/.test(w))).toEqual(long.split(' '));
    expect(text.length).toBeLessThanOrEqual(300);
  });

  it('splits a long whisper so that every piece stays quoted', () => {
    const { blocks } = renderLines([lineView({ label: 'Whisper from Sam', text: words(1800, 'x_'), isWhisper: true })]);
    expectWithinLimits(blocks);
    const rows = mrkdwnTexts(blocks).join('\n').split('\n').slice(1);
    expect(rows.every((r) => r.startsWith('>'))).toBe(true);
    expect(rows.join(' ')).toContain('x_1799');
  });

  it('packs many lines into fewer sections rather than exceed 50 blocks', () => {
    const lines = Array.from({ length: 120 }, (_, i) =>
      lineView({ text: `message number ${i}`, isNote: i % 10 === 0 }),
    );
    const { text, blocks } = renderLines(lines);
    expectWithinLimits(blocks);
    const joined = mrkdwnTexts(blocks).join('\n');
    for (let i = 0; i < 120; i++) expect(joined).toContain(`message number ${i}`);
    expect(joined.indexOf('message number 7')).toBeLessThan(joined.indexOf('message number 70'));
    expect(text).toBe('Customer Jane Doe: message number 0');
  });

  it('says so when even packed lines exceed one message', () => {
    const lines = Array.from({ length: 200 }, (_, i) => lineView({ text: `${words(150, `l${i}w`)}` }));
    const { blocks } = renderLines(lines);
    expectWithinLimits(blocks);
    expect(mrkdwnTexts(blocks).at(-1)).toMatch(/more characters did not fit in one Slack message/);
  });
});

describe('renderLinePosts', () => {
  it('keeps every line, in order, across as many posts as needed', () => {
    const lines = Array.from({ length: 200 }, (_, i) => lineView({ text: `${words(150, `l${i}w`)}` }));
    const posts = renderLinePosts(lines);
    expect(posts.length).toBeGreaterThan(1);
    for (const p of posts) expectWithinLimits(p.blocks);
    const joined = allText(lines);
    expect(joined).not.toContain('did not fit');
    let at = -1;
    for (let i = 0; i < 200; i++) {
      const next = joined.indexOf(`l${i}w149`);
      expect(next).toBeGreaterThan(at);
      at = next;
    }
  });

  it('fills each post as far as one Slack message goes', () => {
    const lines = Array.from({ length: 300 }, (_, i) =>
      lineView({ text: `L${i} ${'x'.repeat((i * 7919) % 2900)}`, isNote: i % 9 === 0 }),
    );
    const posts = renderLinePosts(lines);
    const starts = posts.map((p) => Number(/: L(\d+)\b/.exec(p.text)![1]));
    expect(posts.length).toBeGreaterThan(2);
    expect(starts[0]).toBe(0);
    starts.forEach((start, k) => {
      const end = starts[k + 1] ?? lines.length;
      expect(renderLines(lines.slice(start, end))).toEqual(posts[k]);
      if (k + 1 < posts.length)
        expect(mrkdwnTexts(renderLines(lines.slice(start, end + 1)).blocks).at(-1)).toContain('did not fit');
    });
  });

  it('is one post when the lines fit', () => {
    expect(renderLinePosts([lineView(), lineView({ text: 'bye' })])).toEqual([
      renderLines([lineView(), lineView({ text: 'bye' })]),
    ]);
  });
});
