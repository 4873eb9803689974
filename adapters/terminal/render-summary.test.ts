// Summaries in the terminal: a title, a bullet per point ending in its line's time, the source and note; alerts carry
// the same bullets under their one line (a terminal links nothing: the time finds the line on screen).
import type { SummaryView } from '../../src/core/views';
import { renderAlert, renderReply } from './render';

const view: SummaryView = {
  ref: 'C-1042',
  points: [
    { text: 'Asked: “Where is my\nparcel?” (14:02)', at: new Date('2026-12-07T14:02:00Z'), link: null },
    {
      text: 'Ann Lee promised: “I will resend it today.” (14:05)',
      at: new Date('2026-12-07T14:05:00Z'),
      link: 'https://ignored.test',
    },
  ],
  source: 'extractive',
  note: 'Times are UTC.',
};

describe('terminal summaries', () => {
  it('a summary reply: title, one bullet a point (one line each), source and note', () => {
    expect(renderReply({ type: 'summary', summary: view }).split('\n')).toEqual([
      'Summary of C-1042',
      '  • Asked: “Where is my parcel?” (14:02)',
      '  • Ann Lee promised: “I will resend it today.” (14:05)',
      '  extractive summary · Times are UTC.',
    ]);
    expect(renderReply({ type: 'summary', summary: { ...view, source: 'gpt-4o-mini' } })).toContain(
      'summarised by gpt-4o-mini · Times are UTC.',
    );
  });

  it('an alert shows its summary under its line, claimed or not', () => {
    const open = renderAlert({
      kind: 'negative',
      ref: 'C-1042',
      text: 'Sentiment fell to -0.61.',
      claimedBy: null,
      summary: view,
    }).split('\n');
    expect(open[0]).toBe(
      '🔴 Negative sentiment · C-1042: Sentiment fell to -0.61. [supervise C-1042] [suggest C-1042] [claim C-1042]',
    );
    expect(open.slice(1)).toEqual([
      '   • Asked: “Where is my parcel?” (14:02)',
      '   • Ann Lee promised: “I will resend it today.” (14:05)',
      '   extractive summary · Times are UTC.',
    ]);
    expect(
      renderAlert({ kind: 'inactive', ref: 'C-1042', text: 'No message.', claimedBy: 'Sue Sales', summary: view }),
    ).toMatch(/Sue Sales has got it\) \[suggest C-1042\]\n   • Asked/);
    expect(renderAlert({ kind: 'inactive', ref: 'C-7', text: 'No message.', claimedBy: null })).not.toContain('\n');
  });
});
