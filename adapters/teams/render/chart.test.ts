import { CARD_BYTES_MAX, jsonBytes } from './activity';
import { withChartImage, withChartNote } from './chart';
import { renderReply } from './reply';
import { officialCardProblems } from './test-cards';
import type { AdaptiveCard } from './adaptive';

const page = (rows: number, cell = 'BU: Sales') => ({
  title: 'Report 2026-11-01 – 2026-11-07',
  columns: ['Group', 'Chats'],
  rows: Array.from({ length: rows }, (_, i) => ({ cells: [`${cell} ${i}`, String(i)] })),
  page: 1,
  pageCount: 1,
  total: rows,
  command: '',
  emptyText: 'No chats in that period.',
});
const table = (rows: number, cell?: string) => renderReply({ type: 'list', page: page(rows, cell) }).card!;
const URL = `https://bot.acme.test/charts/${'a'.repeat(48)}.png`;

describe('Teams chart pieces', () => {
  it('appends an Image with its alt text that the official parser accepts', () => {
    const card = withChartImage(table(3), URL, 'Sales 3 chats', 'Sentiment and chats');
    expect(officialCardProblems(card)).toEqual([]);
    expect(card.body.at(-1)).toEqual({
      type: 'Image',
      url: URL,
      altText: 'Sales 3 chats',
      size: 'Stretch',
      spacing: 'Medium',
    });
  });

  it('stays within the card budget: long alt text is cut, and a full card gets the title as alt or a note', () => {
    const long = withChartImage(table(3), URL, 'x'.repeat(5000), 'title');
    expect((long.body.at(-1) as { altText: string }).altText.length).toBeLessThanOrEqual(500);
    const full: AdaptiveCard = table(500, 'BU: a fairly long business unit name');
    expect(jsonBytes(full)).toBeLessThanOrEqual(CARD_BYTES_MAX);
    const withImage = withChartImage(full, URL, 'x'.repeat(500), 'title');
    expect(jsonBytes(withImage)).toBeLessThanOrEqual(CARD_BYTES_MAX);
    expect(officialCardProblems(withImage)).toEqual([]);
  });

  it('a note instead of the image, escaped', () => {
    const card = withChartNote(table(1), 'could not be drawn *this* time');
    expect(officialCardProblems(card)).toEqual([]);
    expect(JSON.stringify(card.body.at(-1))).toContain('📈 could not be drawn \\\\*this\\\\* time');
  });
});
