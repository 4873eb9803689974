// Which drain shard a destination belongs to. Each shard is drained by one job at a time (all workers together), so
// a destination's posts, pacing and attempts have one owner while the job posts to many destinations at once.

/** A stable 31-bit hash of a destination (FNV-1a), stored with each thread so the drain can select a shard in SQL. */
export function destinationHash(surface: string, destination: string): number {
  let h = 0x811c9dc5;
  const s = `${surface}\u0000${destination}`;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) & 0x7fffffff;
}

export interface DrainShard {
  index: number;
  of: number;
}

export const shardOf = (surface: string, destination: string, of: number): DrainShard => ({
  index: destinationHash(surface, destination) % of,
  of,
});
