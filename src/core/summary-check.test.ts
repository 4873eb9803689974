// The citation check every summary passes: points citing a line that is not one of the chat's are dropped and counted,
// times come from the stored lines, fewer than two survivors fall back to the extractive summarizer, and a summarizer
// that throws or is slow never fails the caller.
import { extractiveSummarizer } from '../../adapters/scoring/summary-extractive';
import type { SenderRole } from './model';
import type { Summarizer, SummaryDraft, SummaryLine, SummaryMetrics } from './summary';
import { checkCitations, makeSummary, MAX_POINTS } from './summary-check';

const START = Date.UTC(2026, 11, 7, 14, 2);
const lines: SummaryLine[] = (
  [
    ['customer', 'My parcel never arrived, this is ridiculous'],
    ['whisper', 'offer the refund'],
    ['agent', "I'm sorry. I'll send a new one today."],
    ['system', 'Assigned to Ann Lee'],
    ['customer', 'ok thanks'],
  ] as Array<[SenderRole, string]>
).map(([role, text], i) => ({
  id: 11 + i,
  role,
  author: role === 'agent' ? 'Agent Ann Lee' : 'Customer Jane Doe',
  text,
  at: new Date(START + i * 60_000),
}));

/** A model-like summarizer answering `points`, with the extractive one behind it. */
const model = (points: SummaryDraft['points'] | (() => Promise<SummaryDraft>)): Summarizer & { calls: number } => {
  const s = {
    name: 'gpt-test',
    calls: 0,
    fallback: extractiveSummarizer(),
    summarize: async () => {
      s.calls += 1;
      return typeof points === 'function' ? points() : { points, source: 'gpt-test' };
    },
  };
  return s;
};
const recording = (): SummaryMetrics & { seen: Parameters<SummaryMetrics['checked']>[0][] } => {
  const seen: Parameters<SummaryMetrics['checked']>[0][] = [];
  return { seen, checked: (e) => seen.push(e) };
};
const input = { chatRef: 'C-1042', lines };

describe('checkCitations', () => {
  it('keeps points citing a given line, with that line id and the stored time (not what the model says), and drops the rest', () => {
    const checked = checkCitations(
      {
        source: 'gpt-test',
        points: [
          { text: 'The parcel never came', lineId: 11 },
          { text: 'Invented', lineId: 999 },
          { text: 'Ann promised a new one (09:99)', lineId: 13 },
          { text: '   ', lineId: 12 },
          { text: 'Negative id', lineId: -1 },
        ],
      },
      lines,
    );
    expect(checked.dropped).toBe(2);
    expect(checked.points).toEqual([
      { text: 'The parcel never came', messageId: 11, at: new Date(START) },
      { text: 'Ann promised a new one (09:99)', messageId: 13, at: new Date(START + 120_000) },
    ]);
  });

  it(`keeps at most ${MAX_POINTS} points and cuts long text`, () => {
    const checked = checkCitations(
      { source: 'm', points: Array.from({ length: 8 }, (_, i) => ({ text: `${i} ${'x'.repeat(500)}`, lineId: 11 })) },
      lines,
    );
    expect(checked.points).toHaveLength(MAX_POINTS);
    expect(checked.points[0].text.length).toBeLessThanOrEqual(300);
    expect(checked.points[0].text.endsWith('…')).toBe(true);
    expect(checked.dropped).toBe(0);
  });
});

describe('makeSummary', () => {
  it('drops and counts the points citing lines that do not exist, and keeps the model summary when two or more remain', async () => {
    const metrics = recording();
    const s = await makeSummary(
      {
        summarizer: model([
          { text: 'Parcel lost', lineId: 11 },
          { text: 'Made up', lineId: 4242 },
          { text: 'New one today', lineId: 13 },
        ]),
        metrics,
      },
      input,
    );
    expect(s).toEqual({
      source: 'gpt-test',
      points: [
        { text: 'Parcel lost', messageId: 11, at: new Date(START) },
        { text: 'New one today', messageId: 13, at: new Date(START + 120_000) },
      ],
    });
    expect(metrics.seen).toEqual([{ source: 'gpt-test', kept: 2, dropped: 1, fallbackReason: undefined }]);
  });

  it('a model citing whispers or notes (lines it was never handed) is dropped too', async () => {
    const metrics = recording();
    const s = await makeSummary(
      {
        summarizer: model([
          { text: 'The supervisor whispered', lineId: 12 },
          { text: 'Assigned', lineId: 14 },
          { text: 'Parcel lost', lineId: 11 },
          { text: 'Thanks', lineId: 15 },
        ]),
        metrics,
      },
      input,
    );
    expect(s?.points.map((p) => p.messageId)).toEqual([11, 15]);
    expect(metrics.seen[0]).toMatchObject({ dropped: 2, kept: 2 });
  });

  it('with fewer than two valid citations, falls back to the extractive summary and says why', async () => {
    const metrics = recording();
    const s = await makeSummary(
      {
        summarizer: model([
          { text: 'Parcel lost', lineId: 11 },
          { text: 'Made up', lineId: 77 },
          { text: 'Made up too', lineId: 78 },
        ]),
        metrics,
      },
      input,
    );
    expect(s).toMatchObject({ source: 'extractive', fallbackReason: 'too few valid citations' });
    expect(s!.points.length).toBeGreaterThanOrEqual(2);
    expect(s!.points.every((p) => [11, 13, 15].includes(p.messageId))).toBe(true);
    expect(metrics.seen).toEqual([
      { source: 'gpt-test', kept: 0, dropped: 2, fallbackReason: undefined },
      { source: 'extractive', kept: s!.points.length, dropped: 0, fallbackReason: 'too few valid citations' },
    ]);
  });

  it('a summarizer that throws is answered by the extractive one; one past the deadline too', async () => {
    const thrower = model(async () => {
      throw new Error('boom');
    });
    expect(await makeSummary({ summarizer: thrower }, input)).toMatchObject({
      source: 'extractive',
      fallbackReason: 'unexpected error',
    });
    const slow = model(
      () =>
        new Promise((r) =>
          setTimeout(
            () =>
              r({
                points: [
                  { text: 'late', lineId: 11 },
                  { text: 'later', lineId: 13 },
                ],
                source: 'gpt-test',
              }),
            2_000,
          ),
        ),
    );
    const started = Date.now();
    expect(await makeSummary({ summarizer: slow, deadlineMs: 50 }, input)).toMatchObject({
      source: 'extractive',
      fallbackReason: 'deadline',
    });
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it("the model's own extractive fallback is not asked twice", async () => {
    const extractive = extractiveSummarizer();
    const fellBack = model(async () => ({
      points: [{ text: 'one point only', lineId: 11 }],
      source: 'extractive',
      fallbackReason: 'rate_limited',
    }));
    const spy = jest.spyOn(extractive, 'summarize');
    expect(await makeSummary({ summarizer: { ...fellBack, fallback: extractive } }, input)).toBeNull();
    expect(spy).not.toHaveBeenCalled();
  });

  it('too little to say: one line, or nothing but whispers and notes, gives null without asking anyone', async () => {
    const m = model([
      { text: 'x', lineId: 11 },
      { text: 'y', lineId: 11 },
    ]);
    expect(await makeSummary({ summarizer: m }, { chatRef: 'C-1', lines: lines.slice(0, 2) })).toBeNull();
    expect(
      await makeSummary(
        { summarizer: m },
        { chatRef: 'C-1', lines: lines.filter((l) => l.role === 'whisper' || l.role === 'system') },
      ),
    ).toBeNull();
    expect(m.calls).toBe(0);
  });

  it('the extractive summarizer alone: every citation exists', async () => {
    const metrics = recording();
    const s = await makeSummary({ summarizer: extractiveSummarizer(), metrics }, input);
    expect(s?.source).toBe('extractive');
    expect(metrics.seen).toEqual([
      { source: 'extractive', kept: s!.points.length, dropped: 0, fallbackReason: undefined },
    ]);
  });
});
