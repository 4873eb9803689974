import { bandOf, changeAround, coachingEffect, effectSection, type ChatLines } from './coaching-effect';

const T0 = Date.parse('2026-11-02T10:00:00Z');
const min = (m: number) => new Date(T0 + m * 60_000);
/** A line's text is its sentiment, so the figures can be checked by hand. */
const sentiment = (text: string) => Number(text);
let id = 0;
function chat(
  unit: string,
  lines: [role: 'customer' | 'agent' | 'whisper', atMin: number, score: number][],
): ChatLines {
  return {
    chat: { id: ++id, businessUnit: unit, startedAt: min(0) },
    lines: lines.map(([role, at, s]) => ({ role, at: min(at), text: String(s) })),
  };
}
/** Negative start (−0.5 before minute 5), whisper at 5 in `whispered` chats, then `after`. */
const whispered = (unit: string, after: number) =>
  chat(unit, [
    ['customer', 2, -0.5],
    ['whisper', 5, 0],
    ['agent', 6, 0.9],
    ['customer', 8, after],
  ]);
const plain = (unit: string, before: number, after: number) =>
  chat(unit, [
    ['customer', 3, before],
    ['customer', 9, after],
  ]);

describe('did coaching help?', () => {
  it('measures customer lines only, ten minutes either side of the point', () => {
    const c = chat('Sales', [
      ['customer', -20, 1], // outside the window
      ['customer', 1, -0.4],
      ['agent', 2, 1],
      ['customer', 12, 0.4],
      ['customer', 30, -1], // outside the window
    ]);
    expect(changeAround(c, min(5).getTime(), sentiment)).toEqual({ before: -0.4, after: 0.4, band: 'negative' });
    expect(changeAround(c, min(40).getTime(), sentiment)).toBeNull();
    expect([bandOf(-0.5), bandOf(0), bandOf(0.5)]).toEqual(['negative', 'neutral', 'positive']);
  });

  it('compares whispered chats with chats of the same unit and starting band, at the same minutes after start', () => {
    const w = Array.from({ length: 10 }, () => whispered('Sales', 0.3)); // +0.8 each
    const matched = Array.from({ length: 30 }, () => plain('Sales', -0.5, -0.3)); // +0.2 each
    const otherBand = Array.from({ length: 30 }, () => plain('Sales', 0.6, 0.6));
    const otherUnit = Array.from({ length: 30 }, () => plain('Tech Support', -0.5, 0.5));
    const rows = coachingEffect(w, [...otherBand, ...otherUnit, ...matched], sentiment);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.whispered).toHaveLength(10);
    expect(rows[0]!.matched).toHaveLength(30);
    for (const x of rows[0]!.whispered) expect(x).toBeCloseTo(0.8);
    for (const x of rows[0]!.matched) expect(x).toBeCloseTo(0.2);
    const section = effectSection(rows);
    expect(section.columns.at(-1)).toBe('Difference');
    expect(section.rows[0]!.cells).toEqual(['Sales', '10', '+0.80', '30', '+0.20', '+0.60 (better after a whisper)']);
  });

  it('says "Not enough chats to say" with the counts below ten on either side', () => {
    const rows = coachingEffect(
      Array.from({ length: 4 }, () => whispered('Sales', 0.3)),
      Array.from({ length: 30 }, () => plain('Sales', -0.5, -0.3)),
      sentiment,
    );
    const cells = effectSection(rows).rows[0]!.cells;
    expect(cells.slice(0, 2)).toEqual(['Sales', '4']);
    expect(cells[5]).toBe('Too few to say (10 each needed)');
    expect(effectSection([]).rows[0]!.cells[5]).toBe('Too few to say (10 each needed)');
  });

  it('skips a whispered chat without customer lines on both sides, and lists every unit under "All units"', () => {
    const silent = chat('Sales', [
      ['whisper', 5, 0],
      ['customer', 8, 0.5],
    ]);
    const rows = coachingEffect([silent, whispered('Sales', 0), whispered('Tech Support', 0)], [], sentiment);
    expect(rows.map((r) => [r.unit, r.whispered.length])).toEqual([
      ['Sales', 1],
      ['Tech Support', 1],
    ]);
    expect(effectSection(rows).rows.map((r) => r.cells[0])).toEqual(['All units', 'Sales', 'Tech Support']);
  });
});
