// The chat card says what the terminal card says, escapes customer text, and its buttons run the right commands.
import { parseCommand } from '../../../src/core/commands/grammar';
import type { HeaderBlock } from './blocks';
import { renderCard } from './card';
import { buttons, cardView, expectWithinLimits, mrkdwnTexts } from './test-views';

describe('renderCard', () => {
  it('shows the chat, the agent, times, badge, scores, thumbs and state', () => {
    const { text, blocks } = renderCard(cardView());
    expectWithinLimits(blocks);
    expect((blocks[0] as HeaderBlock).text.text).toBe('C-1042 · Jane Doe');
    expect(text).toBe('C-1042 · Jane Doe · Sales · Ann Lee · open');
    const all = mrkdwnTexts(blocks).join('\n');
    for (const part of [
      'Jane Doe (DE)',
      'WhatsApp',
      'Sales',
      'Ann Lee · 🟢 Online',
      'Open',
      '*Inactive*',
      '😟 negative −0.42 (lexicon)',
      '2/5 (model)',
      '_Long wait_',
      '👎',
    ]) {
      expect(all).toContain(part);
    }
    const started = Math.floor(Date.parse('2026-11-24T09:14:03Z') / 1000);
    expect(all).toContain(`<!date^${started}^{date_short_pretty} {time}|2026-11-24 09:14 UTC>`);
    expect(all).toContain('2026-11-24 09:32 UTC>');
  });

  it('buttons run transfer, finish and unsupervise on this chat', () => {
    const btns = buttons(renderCard(cardView()).blocks);
    expect(btns.map((b) => b.text.text)).toEqual(['Transfer', 'Finish', 'Stop supervising']);
    expect(btns.map((b) => parseCommand(b.value!))).toEqual([
      { name: 'transfer', chat: 'C-1042' },
      { name: 'finish', chat: 'C-1042', confirmed: false },
      { name: 'unsupervise', chat: 'C-1042' },
    ]);
    expect(btns[1].style).toBe('danger');
    const supervise = buttons(renderCard(cardView({ actions: ['supervise'] })).blocks)[0];
    expect(supervise).toMatchObject({ style: 'primary', value: 'supervise C-1042', text: { text: 'Supervise' } });
  });

  it('escapes what customers and agents control', () => {
    const card = cardView({
      customerName: 'Eve <!channel> & Co',
      customerCountry: '<@U1>',
      channel: '<https://evil.test|Web>',
      agent: { name: 'A&B', email: 'a@b.test', status: null },
    });
    const { text, blocks } = renderCard(card);
    const all = [text, ...mrkdwnTexts(blocks)].join('\n');
    expect(all).toContain('Eve &lt;!channel&gt; &amp; Co');
    expect(all).toContain('&lt;https://evil.test|Web&gt;');
    expect(all).toContain('A&amp;B');
    expect(all).not.toMatch(/<!channel>|<@U1>|<https:\/\/evil/);
  });

  it('copes with a queued, unscored, finished chat', () => {
    const card = cardView({
      agent: null,
      customerCountry: null,
      inactive: false,
      sentiment: null,
      csat: null,
      thumbs: 'up',
      state: 'finished',
      actions: [],
    });
    const { text, blocks } = renderCard(card);
    expectWithinLimits(blocks);
    const all = mrkdwnTexts(blocks).join('\n');
    expect(text).toBe('C-1042 · Jane Doe · Sales · waiting in queue · finished');
    expect(all).toContain('waiting in queue');
    expect(all).toContain('Finished');
    expect(all).toContain('👍');
    expect(all).not.toMatch(/Inactive|Sentiment|CSAT/);
    expect(blocks.some((b) => b.type === 'actions')).toBe(false);
  });
});
