// Who is on a chat, on the Teams chat card and live transcript card: supervisors, walls, last whisper; cut and escaped.
import type { FactSet } from './adaptive';
import { renderChatCard } from './card';
import { cardView, elementsOf, expectValidCard, lineView, presenceView } from './test-cards';

const factsOf = (card: ReturnType<typeof renderChatCard>): Record<string, string> =>
  Object.fromEntries(
    elementsOf(card)
      .filter((e): e is FactSet => e.type === 'FactSet')
      .flatMap((f) => f.facts.map((x) => [x.title, x.value])),
  );

describe('the Teams chat card says who is on the chat', () => {
  it('names the supervisors, the walls (by channel name where known) and the last whisper with a localised time', () => {
    const card = renderChatCard(cardView({ presence: presenceView() }));
    expectValidCard(card);
    const facts = factsOf(card);
    expect(facts['Supervised by']).toBe('Sam Boss, Sue Sales');
    expect(facts.Walls).toBe('Sales floor (Sales), a Slack channel (Sales)');
    expect(facts['Last whisper']).toBe('Sam Boss at {{TIME(2026-11-24T14:02:41Z)}}');
  });

  it('says "Nobody supervises this chat", and leaves out walls and whisper when there are none', () => {
    const card = renderChatCard(
      cardView({
        presence: presenceView({
          supervisors: [],
          walls: [{ surface: 'teams', destination: '19:x', unit: 'Sales', name: null }],
          lastWhisper: null,
        }),
      }),
    );
    expectValidCard(card);
    const facts = factsOf(card);
    expect(facts['Supervised by']).toBe('Nobody supervises this chat');
    expect(facts.Walls).toBe('a Teams channel (Sales)');
    expect(facts).not.toHaveProperty('Last whisper');
  });

  it('shows the same on the live transcript card of a personal chat, above the lines and whisper box', () => {
    const card = renderChatCard(cardView({ presence: presenceView() }), { lines: [lineView()], whisperBox: true });
    expectValidCard(card);
    expect(factsOf(card)['Supervised by']).toBe('Sam Boss, Sue Sales');
    expect(factsOf(card)['Last whisper']).toMatch(/^Sam Boss at \{\{TIME/);
  });

  it('names five supervisors and walls at most and counts the rest; names are escaped', () => {
    const many = presenceView({
      supervisors: Array.from({ length: 8 }, (_, i) => ({ name: `*Boss* ${i}`, surface: 'teams' as const })),
      walls: Array.from({ length: 7 }, (_, i) => ({
        surface: 'terminal' as const,
        destination: 'tty',
        unit: `[Unit](x) ${i}`,
        name: null,
      })),
      lastWhisper: { by: '<b>Eve</b>', at: new Date('2026-11-24T14:02:00Z') },
    });
    const card = renderChatCard(cardView({ presence: many }));
    expectValidCard(card);
    const facts = factsOf(card);
    expect(facts['Supervised by']).toBe(
      '\\*Boss\\* 0, \\*Boss\\* 1, \\*Boss\\* 2, \\*Boss\\* 3, \\*Boss\\* 4 …and 3 more',
    );
    expect(facts.Walls).toMatch(/^the terminal \(\\\[Unit\\\]\(x\) 0\), .* …and 2 more$/);
    expect(facts['Last whisper']).toMatch(/^\\<b\\>Eve\\<\/b\\> at /);
  });

  it('a card without presence (a list, the home card) has none of these facts', () => {
    expect(Object.keys(factsOf(renderChatCard(cardView())))).not.toContain('Supervised by');
  });
});
