// A list reply with sections (calibration's errors, the report's "Did coaching help?"): the sections follow the page,
// escaped, and the whole stays within Slack's 50 blocks however long the page or the sections.
import type { ListPageView, ListRowView } from '../../../src/core/views';
import { renderReply } from './reply';
import { cardView, expectWithinLimits, mrkdwnTexts } from './test-views';
import { renderCard } from './card';

const rows = (n: number, first = 'Sales'): ListRowView[] =>
  Array.from({ length: n }, (_, i) => ({ cells: [`${first} ${i}`, '12', '<!channel> 0.25'] }));
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

describe('Slack list sections', () => {
  it('renders each section under the page: its title as a header, its columns, its rows escaped', () => {
    const { blocks } = renderReply({ type: 'list', page: page(), sections: [page({ title: 'Did coaching help?' })] });
    expectWithinLimits(blocks);
    const headers = blocks.filter((b) => b.type === 'header').map((b: any) => b.text.text);
    expect(headers).toEqual(['Calibration', 'Did coaching help?']);
    const texts = mrkdwnTexts(blocks).join('\n');
    expect(texts).toContain('*Sales 4* · 12 · &lt;!channel&gt; 0.25');
    expect(texts).not.toContain('<!channel>');
  });

  it('an empty section says so; a page of 200 rows and long sections still fit 50 blocks', () => {
    const empty = renderReply({ type: 'list', page: page(), sections: [page({ rows: [], title: 'Errors' })] });
    expect(mrkdwnTexts(empty.blocks).join('\n')).toContain('Nothing.');
    const long = 'x'.repeat(400);
    const { blocks } = renderReply({
      type: 'list',
      page: page({ rows: rows(200).map((r) => ({ cells: [...r.cells, long] })) }),
      sections: [1, 2, 3].map((i) =>
        page({ title: `Section ${i}`, rows: rows(60).map((r) => ({ cells: [...r.cells, long] })) }),
      ),
    });
    expectWithinLimits(blocks);
    expect(blocks.filter((b) => b.type === 'header').map((b: any) => b.text.text)).toContain('Section 3');
  });

  it('the card shows the calibrated CSAT next to the predicted one', () => {
    const text = mrkdwnTexts(
      renderCard(
        cardView({
          csat: { score: 2, reason: null, source: 'lexicon', calibrated: { score: 2.9, from: 48, scope: 'Sales' } },
        }),
      ).blocks,
    ).join('\n');
    expect(text).toContain('2/5 (lexicon) · calibrated 2.9 from 48 rated Sales chats');
  });
});
