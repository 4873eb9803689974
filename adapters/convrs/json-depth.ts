// Nesting guard for parsed Convrs JSON (webhook and websocket): storing a deeper value would overflow JSON.stringify's stack.

/** Far deeper than any Convrs event. */
export const MAX_DEPTH = 64;

/** Whether a parsed JSON value nests objects/arrays more than `max` levels deep (iterative: no recursion). */
export function nestedDeeperThan(value: unknown, max: number = MAX_DEPTH): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth >= max) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}
