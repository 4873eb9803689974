import fc from 'fast-check';
import {
  calibrate,
  calibrationStats,
  fitCalibration,
  fitCalibrationMaps,
  predictedUp,
  scopeFor,
  type LabelledCsat,
} from './calibration';

const sample = fc.record({
  unit: fc.constantFrom('Sales', 'Tech Support'),
  csat: fc.double({ min: 1, max: 5, noNaN: true }),
  up: fc.boolean(),
});
const at = (csat: number, up: boolean, unit = 'Sales'): LabelledCsat => ({ unit, csat, up });

describe('calibration figures', () => {
  it('maps CSAT 1..5 to P(up) 0..1 and scores a perfect and a worst prediction', () => {
    expect([1, 3, 5].map(predictedUp)).toEqual([0, 0.5, 1]);
    expect(calibrationStats([at(5, true), at(1, false)])).toMatchObject({ count: 2, mae: 0, brier: 0 });
    expect(calibrationStats([at(1, true), at(5, false)])).toMatchObject({ mae: 1, brier: 1 });
    expect(calibrationStats([at(3, true)])).toMatchObject({ mae: 0.5, brier: 0.25 });
    expect(calibrationStats([])).toMatchObject({ count: 0, mae: null, brier: null });
  });

  it('tables the share of thumbs up per predicted bucket (rounded CSAT)', () => {
    const rows = calibrationStats([
      at(2.4, false),
      at(1.6, true),
      at(4.6, true),
      at(5, true),
      at(5, false),
    ]).reliability;
    expect(rows).toEqual([
      { predicted: 1, count: 0, shareUp: null },
      { predicted: 2, count: 2, shareUp: 0.5 },
      { predicted: 3, count: 0, shareUp: null },
      { predicted: 4, count: 0, shareUp: null },
      { predicted: 5, count: 3, shareUp: 2 / 3 },
    ]);
  });

  it('pools a bucket that says more than the next one (violators) and keeps empty buckets at the prediction', () => {
    // Bucket 2: 10 of 10 up; bucket 4: 0 of 10 up — the map cannot rise then fall.
    const xs = [...Array(10).fill(at(2, true)), ...Array(10).fill(at(4, false))];
    const m = fitCalibration(xs);
    for (let i = 1; i < 5; i++) expect(m.fitted[i]).toBeGreaterThanOrEqual(m.fitted[i - 1]!);
    expect(m.count).toBe(20);
    expect(fitCalibration([]).fitted).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(calibrate(fitCalibration([]), 3.5)).toBeCloseTo(3.5);
  });

  it('learns that a too-gloomy prediction is happier than it says', () => {
    const xs = Array.from({ length: 40 }, (_, i) => at(2, i % 10 < 8));
    expect(calibrate(fitCalibration(xs), 2)).toBeGreaterThan(3.5);
  });

  it('uses the unit map from the minimum on, else all units, else nothing', () => {
    const sales = Array.from({ length: 30 }, (_, i) => at(3, i % 2 === 0, 'Sales'));
    const tech = Array.from({ length: 5 }, () => at(3, true, 'Tech Support'));
    const maps = fitCalibrationMaps([...sales, ...tech]);
    expect(scopeFor(maps, 'sales', 30)).toMatchObject({ unit: 'sales', map: { count: 30 } });
    expect(scopeFor(maps, 'Tech Support', 30)).toMatchObject({ unit: null, map: { count: 35 } });
    expect(scopeFor(maps, 'Tech Support', 36)).toBeNull();
  });

  it('properties: figures in range, counts add up, the map is monotone and stays on the 1..5 scale', () => {
    fc.assert(
      fc.property(fc.array(sample, { maxLength: 80 }), fc.double({ min: -2, max: 8, noNaN: true }), (xs, c) => {
        const s = calibrationStats(xs);
        expect(s.reliability.reduce((n, r) => n + r.count, 0)).toBe(xs.length);
        for (const r of s.reliability) if (r.shareUp !== null) expect(r.shareUp).toBeGreaterThanOrEqual(0);
        if (xs.length) {
          expect(s.mae!).toBeGreaterThanOrEqual(0);
          expect(s.mae!).toBeLessThanOrEqual(1);
          expect(s.brier!).toBeLessThanOrEqual(s.mae! + 1e-12); // squares of numbers in [0, 1] are no larger
        }
        const m = fitCalibration(xs);
        expect(m.fitted).toHaveLength(5);
        for (let i = 1; i < 5; i++) expect(m.fitted[i]! + 1e-12).toBeGreaterThanOrEqual(m.fitted[i - 1]!);
        const v = calibrate(m, c);
        expect(v).toBeGreaterThanOrEqual(1 - 1e-12);
        expect(v).toBeLessThanOrEqual(5 + 1e-12);
        expect(calibrate(m, c + 0.5) + 1e-12).toBeGreaterThanOrEqual(v);
      }),
    );
  });
});
