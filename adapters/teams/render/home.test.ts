// The Teams home card (personal welcome card and `home`): coverage first with Supervise per chat, supervised chats, Refresh.
import { HOME_TEXTS, renderHome } from './home';
import {
  cardView,
  clickOutcome,
  coverageRow as row,
  coverageView as coverage,
  elementsOf,
  expectValidCard,
  homeView,
  submitsOf,
  textsOf,
} from './test-cards';

describe('Teams home card', () => {
  it('shows what needs you now, a Supervise per uncovered chat, the supervised chats with Stop supervising, and Refresh', () => {
    const card = renderHome(
      homeView({
        coverage: coverage({
          uncovered: [row(0), row(1, { agentName: null, reasons: ['waiting for an agent 3 min'] })],
        }),
      }),
    );
    const submits = expectValidCard(card);
    const texts = textsOf(card);
    expect(texts.slice(0, 5)).toEqual([
      'What needs you now',
      '**3 of 12 open chats covered**',
      '**C-2000** · Jane Doe 0 · Sales · Ann Lee\n\n⚠️ negative −0.52 · inactive 7 min',
      '**C-2001** · Jane Doe 1 · Sales · _(queue)_\n\n⚠️ waiting for an agent 3 min',
      '…and 7 more: type `coverage`',
    ]);
    expect(texts).toContain('My Supervised Chats');
    expect(texts).toContain('Sales (in 1 channel)');
    expect(submits.map((s) => [s.title, clickOutcome(card, s)])).toEqual([
      ['Supervise', { command: 'supervise C-2000' }],
      ['Supervise', { command: 'supervise C-2001' }],
      ['Stop supervising', { command: 'unsupervise C-1042' }],
      ['Refresh', { command: 'home' }],
    ]);
    expect(card.fallbackText).toBe('What needs you now: 3 of 12 open chats covered');
  });

  it('says when everything is covered, and names the permission to those who may not see open chats', () => {
    expect(textsOf(renderHome(homeView({ coverage: coverage({ covered: 12, uncovered: [] }) })))).toContain(
      'All 12 open chats in your business units are covered.',
    );
    const note = renderHome(
      homeView({
        coverage: null,
        coverageNote:
          'Open chats nobody supervises show here for supervisors with the Convrs permission "Supervise Open Chats".',
        supervised: [],
        watches: [],
      }),
    );
    expectValidCard(note);
    const texts = textsOf(note);
    expect(texts[1]).toContain('"Supervise Open Chats"');
    expect(texts).toContain(HOME_TEXTS.supervisedNoOpen);
    expect(submitsOf(note).map((s) => s.title)).toEqual(['Refresh']);
  });

  it('an unmapped user sees how to get access, and no coverage', () => {
    const card = renderHome(
      homeView({
        coverage: null,
        supervised: [],
        watches: [],
        unmapped: 'Your account (x@y.test) is not a Convrs agent.',
      }),
    );
    expectValidCard(card);
    expect(textsOf(card)[0]).toBe('⚠️ Your account (x@y.test) is not a Convrs agent.');
    expect(textsOf(card)).not.toContain('What needs you now');
  });

  it('500 supervised chats with long names: as many as fit, "Showing N of 500", within the activity limit', () => {
    const long = `Maximiliane *von* [Ünterberg] 😀 ${'Ž'.repeat(500)}`;
    const card = renderHome(
      homeView({
        coverage: coverage({
          uncovered: Array.from({ length: 20 }, (_, i) => row(i, { customerName: long, reasons: [long, long] })),
        }),
        supervised: Array.from({ length: 500 }, (_, i) => cardView({ ref: `C-${5000 + i}`, customerName: long })),
      }),
    );
    expectValidCard(card);
    const rows = elementsOf(card).filter((e) => e.type === 'ColumnSet').length;
    expect(rows).toBeGreaterThan(10);
    expect(textsOf(card).join('\n')).toMatch(new RegExp(`Showing ${rows - 10} of 500 supervised chats`));
  });
});
