import { renderReply } from './reply';
import { ALT_TEXT_MAX, chartAltText, renderChartComment, withChartNote } from './chart';
import { expectWithinLimits } from './test-views';

const page = (rows: number) => ({
  title: 'Report 2026-11-01 – 2026-11-07',
  columns: ['Group', 'Chats'],
  rows: Array.from({ length: rows }, (_, i) => ({ cells: [`BU: Unit ${i}`, String(i)] })),
  page: 1,
  pageCount: 1,
  total: rows,
  command: '',
  emptyText: 'No chats in that period.',
});

describe('Slack chart pieces', () => {
  it('puts the note under the table as a context line, escaped, within Block Kit limits', () => {
    const msg = withChartNote(renderReply({ type: 'list', page: page(3) }), 'The chart is in <your> DMs & more');
    expectWithinLimits(msg.blocks);
    expect(msg.blocks.at(-1)).toMatchObject({
      type: 'context',
      elements: [{ text: '📈 The chart is in &lt;your&gt; DMs &amp; more' }],
    });
    expect(msg.text).toContain('📈 The chart is in');
  });

  it('keeps a full table within the blocks limit (the note then rides in the text only)', () => {
    const full = renderReply({ type: 'list', page: page(200) });
    const msg = withChartNote(full, 'note');
    expectWithinLimits(msg.blocks);
    expect(msg.text).toContain('📈 note');
  });

  it('cuts the alt text to what files.getUploadURLExternal takes and escapes the comment', () => {
    expect(chartAltText('x'.repeat(3000)).length).toBeLessThanOrEqual(ALT_TEXT_MAX);
    expect(renderChartComment('A <b> & c')).toBe('📈 A &lt;b&gt; &amp; c');
  });
});
