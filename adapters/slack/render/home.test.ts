// App Home: supervised chats with Stop supervising, watched business units, empty states and the no-access warning.
import { parseCommand } from '../../../src/core/commands/grammar';
import type { HeaderBlock } from './blocks';
import { HOME_EMPTY, renderHome } from './home';
import { buttons, cardView, expectWithinLimits, mrkdwnTexts } from './test-views';

const headers = (blocks: ReturnType<typeof renderHome>['blocks']) =>
  blocks.filter((b): b is HeaderBlock => b.type === 'header').map((b) => b.text.text);

describe('renderHome', () => {
  it('says what to do when nothing is supervised or watched', () => {
    const view = renderHome({ supervised: [], watches: [] });
    expect(view.type).toBe('home');
    expectWithinLimits(view.blocks, 100);
    expect(headers(view.blocks)).toEqual(['My Supervised Chats', 'Watched business units']);
    const texts = mrkdwnTexts(view.blocks);
    expect(texts).toContain(HOME_EMPTY.supervised);
    expect(texts).toContain(
      'No business unit is watched in a channel. Type /convrs watch bu:&lt;name&gt; in a channel to mirror it there.',
    );
    expect(texts.at(-1)).toBe('Type `/convrs help` for every command.');
    expect(buttons(view.blocks)).toEqual([]);
  });

  it('lists supervised chats with their state and a Stop supervising button', () => {
    const view = renderHome({
      supervised: [
        cardView(),
        cardView({
          ref: 'C-7',
          customerName: 'Eve <!channel>',
          inactive: false,
          sentiment: null,
          csat: null,
          agent: null,
        }),
      ],
      watches: [
        { businessUnit: 'Sales', channelId: 'C123' },
        { businessUnit: 'Customer Support', channelId: 'C456' },
      ],
    });
    expectWithinLimits(view.blocks, 100);
    const texts = mrkdwnTexts(view.blocks);
    expect(texts[0]).toBe(
      '*C-1042* · Jane Doe · Sales · Ann Lee · 🟢 Online · Open · 💤 *Inactive*\n😟 negative −0.42 (lexicon) · CSAT 2/5 (model)',
    );
    expect(texts[1]).toBe('*C-7* · Eve &lt;!channel&gt; · Sales · _waiting in queue_ · Open');
    expect(texts).toContain('*Sales* in <#C123>\n*Customer Support* in <#C456>');
    const stops = buttons(view.blocks);
    expect(stops.map((b) => b.text.text)).toEqual(['Stop supervising', 'Stop supervising']);
    expect(stops.map((b) => parseCommand(b.value!))).toEqual([
      { name: 'unsupervise', chat: 'C-1042' },
      { name: 'unsupervise', chat: 'C-7' },
    ]);
  });

  it('puts the no-access warning first', () => {
    const view = renderHome({
      supervised: [],
      watches: [],
      unmapped: 'Your email ann@acme.test is not a Convrs agent <ask an admin>.',
    });
    expect(mrkdwnTexts(view.blocks)[0]).toBe('⚠️ Your email ann@acme.test is not a Convrs agent &lt;ask an admin&gt;.');
    expect(view.blocks[0].type).toBe('section');
  });

  it('stays within 100 blocks and names the chats that did not get a row', () => {
    const supervised = Array.from({ length: 150 }, (_, i) => cardView({ ref: `C-${2000 + i}` }));
    const view = renderHome({ supervised, watches: [{ businessUnit: 'Sales', channelId: 'C1' }], unmapped: 'x' });
    expectWithinLimits(view.blocks, 100);
    expect(view.blocks).toHaveLength(100);
    const texts = mrkdwnTexts(view.blocks).join('\n');
    expect(texts).toMatch(/…and \d+ more: C-\d+, /);
    expect(texts).toContain('C-2149');
    expect(headers(view.blocks)).toContain('Watched business units');
  });
});
