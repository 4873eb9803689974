// Who is on a chat, on the Slack chat card: one context line under the facts, channel mentions, escaped names, cut.
import type { ChatPresenceView } from '../../../src/core/views';
import type { ContextBlock } from './blocks';
import { renderCard } from './card';
import { cardView, expectWithinLimits } from './test-views';

const presence = (over: Partial<ChatPresenceView> = {}): ChatPresenceView => ({
  supervisors: [
    { name: 'Sam Boss', surface: 'slack' },
    { name: 'Sue Sales', surface: 'teams' },
  ],
  walls: [
    { surface: 'slack', destination: 'C0123WALL', unit: 'Sales', name: null },
    { surface: 'teams', destination: '19:x@thread.tacv2', unit: 'Sales', name: null },
    { surface: 'terminal', destination: 'tty', unit: 'Sales', name: null },
  ],
  lastWhisper: { by: 'Sam Boss', at: new Date('2026-11-24T14:02:41Z') },
  ...over,
});

const presenceLine = (p: ChatPresenceView) => {
  const { blocks } = renderCard(cardView({ presence: p }));
  expectWithinLimits(blocks);
  const ctx = blocks.filter((b): b is ContextBlock => b.type === 'context');
  expect(ctx).toHaveLength(1);
  // Under the facts, above the buttons.
  expect(blocks.indexOf(ctx[0]!)).toBe(blocks.findIndex((b) => b.type === 'actions') - 1);
  return ctx[0]!.elements.map((e) => e.text).join(' ');
};

describe('the Slack chat card says who is on the chat', () => {
  it("names supervisors, walls (own channels as mentions, others by surface) and the last whisper in each reader's time", () => {
    const at = Math.floor(Date.parse('2026-11-24T14:02:41Z') / 1000);
    expect(presenceLine(presence())).toBe(
      `👀 Supervised by Sam Boss, Sue Sales · 🧱 On walls: <#C0123WALL> (Sales), a Teams channel (Sales), the terminal (Sales) · 🤫 Last whisper by Sam Boss at <!date^${at}^{time}|14:02 UTC>`,
    );
  });

  it('says "Nobody supervises this chat" and leaves out what there is none of', () => {
    expect(presenceLine(presence({ supervisors: [], walls: [], lastWhisper: null }))).toBe(
      '👀 Nobody supervises this chat',
    );
    expect(presenceLine(presence({ supervisors: [], walls: [presence().walls[0]!], lastWhisper: null }))).toBe(
      '👀 Nobody supervises this chat · 🧱 On wall: <#C0123WALL> (Sales)',
    );
  });

  it('escapes names a platform controls and counts what is beyond five', () => {
    const text = presenceLine(
      presence({
        supervisors: Array.from({ length: 7 }, (_, i) => ({ name: `<!channel> ${i}`, surface: 'slack' as const })),
        walls: Array.from({ length: 6 }, (_, i) => ({
          surface: 'slack' as const,
          destination: `C00${i}WALL`,
          unit: `R&D ${i}`,
          name: null,
        })),
        lastWhisper: { by: '<@U1> & co', at: new Date('2026-11-24T14:02:00Z') },
      }),
    );
    expect(text).toContain('&lt;!channel&gt; 4 and 2 more');
    expect(text).toContain('<#C004WALL> (R&amp;D 4) and 1 more');
    expect(text).toContain('Last whisper by &lt;@U1&gt; &amp; co at');
    expect(text).not.toMatch(/<!channel>|<@U1>/);
  });

  it('a destination that is not a channel id is never made a mention', () => {
    expect(
      presenceLine(presence({ walls: [{ surface: 'slack', destination: '<!here>', unit: 'Sales', name: null }] })),
    ).toContain('a Slack channel (Sales)');
  });

  it('a card without presence (App Home, lists) has no such line', () => {
    expect(renderCard(cardView()).blocks.some((b) => b.type === 'context')).toBe(false);
  });
});
