// Summaries in Slack: a header, one bullet per point whose time links to its line (when there is a link), the source
// and note as context; alerts carry the same bullets. Customer text stays text, and Block Kit's limits hold.
import type { SummaryView } from '../../../src/core/views';
import { renderAlert } from './alert';
import type { HeaderBlock } from './blocks';
import { renderReply } from './reply';
import { expectWithinLimits, mrkdwnTexts } from './test-views';

const at = (hhmm: string) => new Date(`2026-12-07T${hhmm}:00Z`);
const PERMALINK =
  'https://acme.slack.com/archives/DUSAM0001/p1732456789000105?thread_ts=1732456789.000101&cid=DUSAM0001';
const summaryView = (over: Partial<SummaryView> = {}): SummaryView => ({
  ref: 'C-1042',
  points: [
    { text: 'Asked: “Where is my <!channel> parcel & why?” (14:02)', at: at('14:02'), link: PERMALINK },
    { text: 'Ann Lee promised: “I will resend it today.” (14:05)', at: at('14:05'), link: null },
  ],
  source: 'extractive',
  note: 'Times are UTC.',
  ...over,
});

describe('renderSummary (Slack)', () => {
  it('has a header, a bullet per point with its time linked to the line, and the source and note in context', () => {
    const { text, blocks } = renderReply({ type: 'summary', summary: summaryView() });
    expectWithinLimits(blocks);
    expect((blocks[0] as HeaderBlock).text.text).toBe('Summary of C-1042');
    expect(mrkdwnTexts(blocks)).toEqual([
      `• Asked: “Where is my &lt;!channel&gt; parcel &amp; why?” (<${PERMALINK.replace(/&/g, '&amp;')}|14:02>)\n• Ann Lee promised: “I will resend it today.” (14:05)`,
      'Extractive summary · Times are UTC.',
    ]);
    expect(blocks.at(-1)!.type).toBe('context');
    expect(text).toContain('Summary of C-1042: Asked:');
    expect(text).not.toContain('<!channel>');
  });

  it('names the model, and why it was not used when it fell back', () => {
    expect(
      mrkdwnTexts(renderReply({ type: 'summary', summary: summaryView({ source: 'gpt-4o-mini' }) }).blocks).at(-1),
    ).toBe('Summarised by gpt-4o-mini · Times are UTC.');
    const fell = summaryView({
      note: 'Times are UTC. gpt-4o-mini was not used (rate_limited): these points are extractive.',
    });
    expect(mrkdwnTexts(renderReply({ type: 'summary', summary: fell }).blocks).at(-1)).toBe(
      'Extractive summary · Times are UTC. gpt-4o-mini was not used (rate_limited): these points are extractive.',
    );
  });

  it('stays within Block Kit limits with five huge points', () => {
    const huge = summaryView({
      points: Array.from({ length: 5 }, (_, i) => ({
        text: `${'“<&>” '.repeat(400)} (1${i}:00)`,
        at: at(`1${i}:00`),
        link: `${PERMALINK}&x=${'y'.repeat(1000)}`,
      })),
    });
    expectWithinLimits(renderReply({ type: 'summary', summary: huge }).blocks);
  });
});

describe('alerts carry the summary', () => {
  it('under the alert text, before the buttons; and still after a claim', () => {
    const open = renderAlert({
      kind: 'negative',
      ref: 'C-1042',
      text: 'Sentiment fell to -0.61.',
      claimedBy: null,
      summary: summaryView(),
    });
    expectWithinLimits(open.blocks);
    expect(open.blocks.map((b) => b.type)).toEqual(['section', 'section', 'context', 'actions']);
    expect(mrkdwnTexts(open.blocks)[1]).toContain(`(<${PERMALINK.replace(/&/g, '&amp;')}|14:02>)`);
    const claimed = renderAlert({
      kind: 'inactive',
      ref: 'C-1042',
      text: 'No message for 5 minutes.',
      claimedBy: 'Sue Sales',
      summary: summaryView(),
    });
    expect(mrkdwnTexts(claimed.blocks)).toEqual(
      expect.arrayContaining([expect.stringContaining('Ann Lee promised'), 'Claimed by Sue Sales']),
    );
  });

  it('an alert without a summary is as before', () => {
    expect(
      renderAlert({ kind: 'negative', ref: 'C-1', text: 'x', claimedBy: null, summary: null }).blocks.map(
        (b) => b.type,
      ),
    ).toEqual(['section', 'actions']);
  });
});
