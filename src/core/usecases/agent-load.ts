// Agents' load and room, who can take chats (the least-loaded online agent of a unit), and naming an agent in a command.
import type { Deps } from '../deps';
import { AppError } from '../errors';
import type { Agent, Chat } from '../model';

/** Chats an agent can still take; `maxChats` 0 means Convrs sets no limit. */
export const roomOf = (a: Agent): number =>
  a.maxChats > 0 ? Math.max(0, a.maxChats - a.openChats) : Number.POSITIVE_INFINITY;

export const atCapacity = (a: Agent): boolean => a.maxChats > 0 && a.openChats >= a.maxChats;

/** "3 of 4", as `agents` and the transfer picker show it. */
export const loadOf = (a: Agent): string => `${a.openChats} of ${a.maxChats}`;

/**
 * The Online agent of `unit` with the fewest open chats who has room for `need` more (never `exclude`). Agents who
 * supervise are offered only when no plain agent has room: a supervisor's own chats keep her from supervising.
 */
export function leastLoaded(agents: Agent[], o: { unit: string; need: number; exclude?: string }): Agent | null {
  const unit = o.unit.toLowerCase();
  const exclude = o.exclude?.toLowerCase();
  const fits = agents.filter(
    (a) =>
      a.status === 'Online' &&
      a.email.toLowerCase() !== exclude &&
      a.businessUnits.some((b) => b.toLowerCase() === unit) &&
      roomOf(a) >= o.need,
  );
  const rank = (a: Agent) => [a.permissions.length ? 1 : 0, a.openChats, -Math.min(roomOf(a), 1e9)];
  return (
    fits.sort((x, y) => {
      const [a, b] = [rank(x), rank(y)];
      return a[0] - b[0] || a[1] - b[1] || a[2] - b[2] || x.name.localeCompare(y.name);
    })[0] ?? null
  );
}

/** The agent a command names by email or name (a unique part of a name will do), as `transfer` reads it. */
export function matchAgent(agents: Agent[], raw: string): Agent {
  const wanted = raw.trim().toLowerCase();
  const exact = agents.filter((a) => a.email.toLowerCase() === wanted || a.name.toLowerCase() === wanted);
  const loose = exact.length ? exact : agents.filter((a) => a.name.toLowerCase().includes(wanted));
  if (loose.length === 1) return loose[0];
  const hint =
    loose.length > 1
      ? `"${raw}" matches ${loose.map((a) => a.name).join(', ')}; use an email.`
      : `There is no agent "${raw}".`;
  throw new AppError('bad_input', `${hint} Try \`agents\` to see who is available.`);
}

/** The chat most in need of another agent: the most negative sentiment, else the one idle longest. */
export function riskiestChat(chats: Chat[]): Chat | null {
  const negative = chats
    .filter((c) => c.sentimentLabel === 'negative')
    .sort((a, b) => (a.sentimentScore ?? 0) - (b.sentimentScore ?? 0));
  if (negative[0]) return negative[0];
  return [...chats].sort((a, b) => a.lastActivityAt.getTime() - b.lastActivityAt.getTime() || a.id - b.id)[0] ?? null;
}

/** A unit name as a command word: `bu:"Customer Support"` (typographic quotes when the name holds a straight one). */
export function unitWord(name: string): string {
  return name.includes('"') && !name.includes('”') ? `bu:“${name}”` : `bu:"${name}"`;
}

/** An agent's open chats (by email; the store's agent filter also matches names), of one unit when given, oldest first. */
export async function openChatsOf(deps: Deps, email: string, unit?: string): Promise<Chat[]> {
  const e = email.toLowerCase();
  const out: Chat[] = [];
  for (let page = 1; ; page++) {
    const { items } = await deps.store.chats.query(
      { status: 'open', agent: email, ...(unit ? { businessUnit: unit } : {}) },
      { page, pageSize: 200 },
    );
    out.push(...items.filter((c) => c.agentEmail?.toLowerCase() === e));
    if (items.length < 200 || page >= 10) break;
  }
  return out.sort((a, b) => a.id - b.id);
}
