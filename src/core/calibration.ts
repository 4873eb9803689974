// Predicted CSAT against the customers' thumbs (issue #16): error figures, a reliability table per predicted bucket,
// and a monotone calibration map giving a calibrated CSAT on the same 1–5 scale. Pure: no store, no clock.
//
// The mapping: a predicted CSAT c in 1..5 says P(thumbs up) = (c − 1) / 4; thumbs up = 1, thumbs down = 0. The
// calibrated CSAT is 1 + 4 · P̂(up), where P̂ comes from the map fitted on rated chats.

/** One chat that has both a predicted CSAT and the customer's thumbs. */
export interface LabelledCsat {
  unit: string;
  csat: number;
  up: boolean;
}

export const BUCKETS = [1, 2, 3, 4, 5] as const;
/** Pseudo-chats per bucket pulling its share of thumbs up toward what the prediction said (few chats, little say). */
const SMOOTHING = 2;

export interface ReliabilityRow {
  predicted: number;
  count: number;
  /** Share of thumbs up among the bucket's chats; null when it has none. */
  shareUp: number | null;
}

export interface CalibrationStats {
  count: number;
  /** Mean |P(up) − thumbs| on the 0..1 scale (×4 for CSAT points). */
  mae: number | null;
  /** Mean (P(up) − thumbs)². */
  brier: number | null;
  reliability: ReliabilityRow[];
}

/** Fitted P(up) per bucket 1..5 (non-decreasing), and how many rated chats it was fitted on. */
export interface CalibrationMap {
  count: number;
  fitted: number[];
}

export const predictedUp = (csat: number): number => Math.min(1, Math.max(0, (csat - 1) / 4));
export const bucketOf = (csat: number): number => Math.min(5, Math.max(1, Math.round(csat)));

const mean = (xs: number[]): number | null => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

export function reliability(samples: LabelledCsat[]): ReliabilityRow[] {
  return BUCKETS.map((b) => {
    const inB = samples.filter((s) => bucketOf(s.csat) === b);
    const up = inB.filter((s) => s.up).length;
    return { predicted: b, count: inB.length, shareUp: inB.length ? up / inB.length : null };
  });
}

/** Error of `p` (P(up) per sample) against the thumbs: mean absolute error and Brier score. */
export function errors(
  samples: LabelledCsat[],
  p: (s: LabelledCsat) => number,
): { mae: number | null; brier: number | null } {
  const y = (s: LabelledCsat) => (s.up ? 1 : 0);
  return {
    mae: mean(samples.map((s) => Math.abs(p(s) - y(s)))),
    brier: mean(samples.map((s) => (p(s) - y(s)) ** 2)),
  };
}

export function calibrationStats(samples: LabelledCsat[]): CalibrationStats {
  return { count: samples.length, ...errors(samples, (s) => predictedUp(s.csat)), reliability: reliability(samples) };
}

/**
 * Pool-adjacent-violators over the five buckets: each bucket's share of thumbs up, smoothed toward the prediction's
 * own P(up) with SMOOTHING pseudo-chats (an empty bucket keeps the prediction), then made non-decreasing.
 */
export function fitCalibration(samples: LabelledCsat[]): CalibrationMap {
  const levels = reliability(samples).map((r) => {
    const weight = r.count + SMOOTHING;
    const ups = (r.shareUp ?? 0) * r.count + SMOOTHING * predictedUp(r.predicted);
    return { value: ups / weight, weight, size: 1 };
  });
  const pooled: typeof levels = [];
  for (const b of levels) {
    pooled.push({ ...b });
    while (pooled.length > 1 && pooled[pooled.length - 2]!.value > pooled[pooled.length - 1]!.value) {
      const last = pooled.pop()!;
      const prev = pooled.pop()!;
      const weight = prev.weight + last.weight;
      pooled.push({
        value: (prev.value * prev.weight + last.value * last.weight) / weight,
        weight,
        size: prev.size + last.size,
      });
    }
  }
  return { count: samples.length, fitted: pooled.flatMap((b) => Array<number>(b.size).fill(b.value)) };
}

/** The calibrated CSAT (1..5) of a predicted one: the fitted P(up), linear between bucket centres. */
export function calibrate(map: CalibrationMap, csat: number): number {
  const x = Math.min(5, Math.max(1, csat));
  const i = Math.min(3, Math.floor(x - 1));
  const t = x - 1 - i;
  const p = map.fitted[i]! * (1 - t) + map.fitted[i + 1]! * t;
  return 1 + 4 * p;
}

export interface CalibrationScope {
  /** The unit itself, or null when the map is fitted on every unit's chats. */
  unit: string | null;
  map: CalibrationMap;
}

/** Maps per unit and over all units, fitted once on the labelled chats. */
export interface CalibrationMaps {
  byUnit: Map<string, CalibrationMap>;
  all: CalibrationMap;
}

const unitKey = (u: string) => u.trim().toLowerCase();

export function fitCalibrationMaps(samples: LabelledCsat[]): CalibrationMaps {
  const groups = new Map<string, LabelledCsat[]>();
  for (const s of samples) {
    const key = unitKey(s.unit);
    const group = groups.get(key);
    if (group) group.push(s);
    else groups.set(key, [s]);
  }
  return {
    byUnit: new Map([...groups].map(([u, xs]) => [u, fitCalibration(xs)])),
    all: fitCalibration(samples),
  };
}

/** The unit's own map once it has `minChats` rated chats, else the all-units map once that has them, else none. */
export function scopeFor(maps: CalibrationMaps, unit: string, minChats: number): CalibrationScope | null {
  const own = maps.byUnit.get(unitKey(unit));
  if (own && own.count >= minChats) return { unit, map: own };
  return maps.all.count >= minChats ? { unit: null, map: maps.all } : null;
}
