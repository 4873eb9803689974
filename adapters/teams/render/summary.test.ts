// Summaries in Teams: a valid Adaptive Card 1.5 with one bullet per point whose time links to its line where there is
// a link (channel threads), plain where there is none (a personal chat); alerts carry the same points.
import type { SummaryView } from '../../../src/core/views';
import { renderAlert } from './alert';
import { renderReply } from './reply';
import { expectValidCard, textsOf } from './test-cards';

const DEEP_LINK =
  'https://teams.microsoft.com/l/message/19%3Awall-channel%40thread.tacv2/1005?tenantId=tenant-1&parentMessageId=1001&createdTime=1005';
const view = (over: Partial<SummaryView> = {}): SummaryView => ({
  ref: 'C-1042',
  points: [
    {
      text: 'Asked: “Where is my [parcel](https://evil.test)?” (14:02)',
      at: new Date('2026-12-07T14:02:00Z'),
      link: DEEP_LINK,
    },
    { text: 'Ann Lee promised: “I will resend it today.” (14:05)', at: new Date('2026-12-07T14:05:00Z'), link: null },
  ],
  source: 'gpt-4o-mini',
  note: 'Times are UTC.',
  ...over,
});

describe('renderSummary (Teams)', () => {
  it('is a valid card: heading, a bullet per point with its time linked where it can be, then source and note', () => {
    const card = renderReply({ type: 'summary', summary: view() }).card!;
    expect(expectValidCard(card)).toEqual([]);
    expect(textsOf(card)).toEqual([
      'Summary of C-1042',
      `- Asked: “Where is my \\[parcel\\](https://evil.test)?” ([14:02](${DEEP_LINK}))`,
      '- Ann Lee promised: “I will resend it today.” (14:05)',
      'Summarised by gpt-4o-mini · Times are UTC.',
    ]);
    expect(card.fallbackText).toMatch(/^Summary of C-1042: Asked:/);
  });

  it('with no links (a personal chat) every time is plain text', () => {
    const card = renderReply({
      type: 'summary',
      summary: view({ source: 'extractive', points: view().points.map((p) => ({ ...p, link: null })) }),
    }).card!;
    expectValidCard(card);
    expect(textsOf(card).join('\n')).not.toMatch(/\(\[\d\d:\d\d\]/);
    expect(textsOf(card).at(-1)).toBe('Extractive summary · Times are UTC.');
  });
});

describe('alerts carry the summary (Teams)', () => {
  it('under the alert text, linked like the summary; and still after a claim', () => {
    const open = renderAlert({
      kind: 'negative',
      ref: 'C-1042',
      text: 'Sentiment fell to -0.61.',
      claimedBy: null,
      summary: view(),
    });
    expectValidCard(open);
    expect(textsOf(open).slice(2, 4)).toEqual([
      `- Asked: “Where is my \\[parcel\\](https://evil.test)?” ([14:02](${DEEP_LINK}))`,
      '- Ann Lee promised: “I will resend it today.” (14:05)',
    ]);
    const claimed = renderAlert({
      kind: 'negative',
      ref: 'C-1042',
      text: 'Sentiment fell to -0.61.',
      claimedBy: 'Sue Sales',
      summary: view(),
    });
    expectValidCard(claimed);
    expect(textsOf(claimed)).toEqual(
      expect.arrayContaining([expect.stringContaining('Ann Lee promised'), 'Claimed by Sue Sales']),
    );
  });
});
