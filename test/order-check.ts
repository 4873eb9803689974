// The order promise as the bot makes it (Convrs order for lines delivered within the reorder window of each other), measured against what a thread showed.

/** A line a thread showed: its place in Convrs's record and when the bot received it (ms; NaN if unknown). */
export interface ShownLine {
  pos: number;
  received: number;
}

/**
 * What breaks the promise in one thread's episodes: every line at most once, in order, with no gap, the episode still
 * showing reaching the chat's last line (`total` lines). A line shown after one stamped after it, or missing from an
 * episode that then ended, is excused only if it reached the bot `windowMs` or more after each such line did: then
 * nothing could hold that line for it. An unknown receipt excuses nothing.
 */
export function orderFaults(
  windowMs: number,
  total: number,
  episodes: { lines: ShownLine[]; ended: boolean }[],
  receivedOf: (pos: number) => number,
): string[] {
  const faults: string[] = [];
  const excused = new Set<number>();
  const seen: ShownLine[] = [];
  const early = (received: number, after: ShownLine[]) => after.find((l) => !(received - l.received >= windowMs));
  for (const [n, { lines, ended }] of episodes.entries()) {
    for (const l of lines) {
      const after = seen.filter((s) => s.pos > l.pos);
      const held = early(l.received, after);
      if (l.pos < 0 || seen.some((s) => s.pos === l.pos))
        faults.push(`episode ${n}: line ${l.pos} is not Convrs's or shown twice`);
      else if (held)
        faults.push(
          `episode ${n}: line ${l.pos} after line ${held.pos}, delivered ${l.received - held.received} ms after it`,
        );
      else if (after.length) excused.add(l.pos);
      seen.push(l);
    }
    const here = new Set(lines.map((l) => l.pos));
    const kept = lines.map((l) => l.pos).filter((p) => !excused.has(p));
    if (!kept.length) continue;
    for (let q = Math.min(...kept); q <= (ended ? Math.max(...kept) : total - 1); q++) {
      if (here.has(q) || excused.has(q)) continue;
      if (
        ended &&
        !early(
          receivedOf(q),
          lines.filter((l) => l.pos > q),
        )
      )
        excused.add(q);
      else faults.push(`episode ${n}: line ${q} missing`);
    }
  }
  return faults;
}
