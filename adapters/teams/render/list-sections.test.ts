// A list reply with sections on Teams: a valid Adaptive Card within the activity size, sections after the page rows.
import type { ListPageView, ListRowView } from '../../../src/core/views';
import { cardActivity } from './activity';
import { renderChatCard } from './card';
import { renderReply } from './reply';
import { cardView, expectValidCard, expectWithinActivityLimit, textsOf } from './test-cards';

const rows = (n: number, long = ''): ListRowView[] =>
  Array.from({ length: n }, (_, i) => ({ cells: [`Sales ${i}`, '12', `0.25 *bold*${long}`] }));
const page = (over: Partial<ListPageView> = {}): ListPageView => ({
  title: 'Calibration',
  columns: ['Unit', 'Chats', 'Error'],
  rows: rows(5),
  page: 1,
  pageCount: 1,
  total: 5,
  command: '',
  emptyText: 'Nothing.',
  ...over,
});

describe('Teams list sections', () => {
  it('renders the sections after the page, escaped, in a valid card', () => {
    const { card } = renderReply({ type: 'list', page: page(), sections: [page({ title: 'Did coaching help?' })] });
    expectValidCard(card!);
    const texts = textsOf(card!);
    expect(texts.indexOf('**Did coaching help?**')).toBeGreaterThan(texts.findIndex((t) => t.includes('Sales 4')));
    expect(texts.join('\n')).toContain('0\\.25 \\*bold\\*');
  });

  it('a long page and long sections stay within the activity size, and the card says what it cut', () => {
    const long = 'x'.repeat(300);
    const { card } = renderReply({
      type: 'list',
      page: page({ rows: rows(300, long) }),
      sections: [1, 2].map((i) => page({ title: `Section ${i}`, rows: rows(100, long) })),
    });
    expectValidCard(card!);
    expectWithinActivityLimit(cardActivity(card!));
    expect(textsOf(card!).join('\n')).toMatch(/Showing \d+ of \d+ lines of the tables below the list/);
  });

  it('the card shows the calibrated CSAT next to the predicted one', () => {
    const card = renderChatCard(
      cardView({
        csat: { score: 2, reason: null, source: 'lexicon', calibrated: { score: 2.9, from: 48, scope: 'Sales' } },
      }),
    );
    expectValidCard(card);
    expect(JSON.stringify(card)).toContain('calibrated 2.9 from 48 rated Sales chats');
  });
});
