// Percentiles (nearest rank, in whole milliseconds) for the latency fields.

export interface Percentiles {
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
  n: number;
}

export function percentiles(values: number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) =>
    sorted.length ? Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!) : null;
  return {
    p50: at(50),
    p95: at(95),
    p99: at(99),
    max: sorted.length ? Math.round(sorted[sorted.length - 1]!) : null,
    n: sorted.length,
  };
}

export const round = (v: number, digits = 1): number => Math.round(v * 10 ** digits) / 10 ** digits;
