// When a chat's card may be edited next: routine changes at most once per interval per chat, state changes at once,
// all within a workspace-wide edit budget. Slack: chat.update is Tier 3, about 50 per minute per workspace.
import type { Redis } from 'ioredis';
import type { CardChange } from '../core/usecases/refresh-cards';

export interface CardPacing {
  /** Routine changes (scores, activity, agent status, thumbs) edit a chat's card at most once per this many ms. */
  intervalMs: number;
  /** Card edits per minute for all chats together (0: no workspace budget). */
  editsPerMinute: number;
  /** Edits that may go back to back after a quiet spell. */
  burst: number;
  /** A change waits this long first, so a burst of changes makes one edit. */
  leadMs: number;
}

export const DEFAULT_CARD_PACING: CardPacing = { intervalMs: 20_000, editsPerMinute: 40, burst: 10, leadMs: 300 };

/** An edit due within this much of now may already have read the chat: a change then needs an edit of its own. */
const GUARD_MS = 100;

/*
 * KEYS[1] the chat's gate: when its next (or last) edit is scheduled. KEYS[2] the workspace budget (GCRA: the
 * theoretical time of the next edit). ARGV: now, lead, interval, slot (ms per edit, 0 = none), burst, urgent, guard.
 * Returns { at, previous }: at = when to edit (-1: an edit already scheduled will show this change), previous = a
 * later routine edit that an urgent one makes unnecessary (0: none).
 */
const GATE_LUA = `
local now = tonumber(ARGV[1])
local lead = tonumber(ARGV[2])
local interval = tonumber(ARGV[3])
local slot = tonumber(ARGV[4])
local burst = tonumber(ARGV[5])
local urgent = ARGV[6] == '1'
local guard = tonumber(ARGV[7])
local nextAt = tonumber(redis.call('GET', KEYS[1]) or '0')
local pending = nextAt > now + guard
local at
local previous = 0
if urgent then
  if pending and nextAt <= now + lead + guard then return {-1, 0} end
  if pending then previous = nextAt end
  at = now + lead
else
  if pending then return {-1, 0} end
  at = math.max(now + lead, nextAt + interval)
end
if slot > 0 then
  local tat = tonumber(redis.call('GET', KEYS[2]) or '0')
  if not urgent then at = math.max(at, tat - (burst - 1) * slot) end
  tat = math.max(tat, at) + slot
  redis.call('SET', KEYS[2], string.format('%.0f', tat), 'PX', string.format('%.0f', tat - now + 60000))
end
redis.call('SET', KEYS[1], string.format('%.0f', at), 'PX', string.format('%.0f', at - now + interval + 60000))
return {at, previous}
`;

type GateRedis = Redis & {
  convrsCardGate(gate: string, budget: string, ...args: (string | number)[]): Promise<[number, number]>;
};

export class CardGate {
  private readonly redis: GateRedis;

  constructor(
    redis: Redis,
    private readonly prefix: string,
    readonly pacing: CardPacing,
  ) {
    if (!('convrsCardGate' in redis)) redis.defineCommand('convrsCardGate', { numberOfKeys: 2, lua: GATE_LUA });
    this.redis = redis as GateRedis;
  }

  /** When to edit the chat's card for this change: null when an edit already scheduled will show it. */
  async schedule(
    chatId: number,
    change: CardChange,
    now = Date.now(),
  ): Promise<{ at: number; previous: number | null } | null> {
    const p = this.pacing;
    const slot = p.editsPerMinute > 0 ? Math.ceil(60_000 / p.editsPerMinute) : 0;
    const [at, previous] = await this.redis.convrsCardGate(
      `${this.prefix}:cards:gate:${chatId}`,
      `${this.prefix}:cards:budget`,
      now,
      p.leadMs,
      p.intervalMs,
      slot,
      Math.max(1, p.burst),
      change === 'state' ? '1' : '0',
      GUARD_MS,
    );
    return at < 0 ? null : { at: Number(at), previous: Number(previous) || null };
  }
}
