// The load: chats started in the Convrs simulator, then tagged customer/agent lines at a steady rate, round-robin
// over the chats (so every chat gets rate/chats lines per second: the per-thread load is predictable).
import { AGENT_LINES, CUSTOMER_LINES } from '../../adapters/convrs/simulator/corpus';
import type { Simulator } from '../../adapters/convrs/simulator';
import type { Mood } from './args';
import { TagBook } from './tags';

/** Every chat runs in this unit, so one `watch` covers them all. */
export const BENCH_UNIT = 'Sales';

export interface BenchChat {
  index: number;
  conversationId: string;
  hasAgent: boolean;
}

export function startChats(sim: Simulator, count: number): BenchChat[] {
  return Array.from({ length: count }, (_, index) => {
    const c = sim.control.startChat({ businessUnit: BENCH_UNIT });
    return { index, conversationId: c.conversationId, hasAgent: Boolean(c.agent) };
  });
}

export interface TrafficResult {
  sent: number;
  startedAt: number;
  endedAt: number;
}

/**
 * Emits rate × duration lines on a fixed schedule (message k at start + k/rate). When the event loop falls behind, the
 * late ones go out at once, so the offered load stays what was asked for; `endedAt` shows any lag.
 */
export async function driveTraffic(
  sim: Simulator,
  chats: BenchChat[],
  book: TagBook,
  o: { rate: number; durationS: number; mood: Mood },
): Promise<TrafficResult> {
  const total = Math.max(1, Math.round(o.rate * o.durationS));
  const perChat = new Array<number>(chats.length).fill(0);
  const customerLines = CUSTOMER_LINES[o.mood];
  const startedAt = Date.now();
  for (let k = 0; k < total; k++) {
    const due = startedAt + (k * 1000) / o.rate;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const chat = chats[k % chats.length]!;
    const n = perChat[chat.index]!++;
    // Customer and agent take turns, as in a real chat (only the customer's lines when no agent is assigned).
    const role = n % 2 === 1 && chat.hasAgent ? 'agent' : 'customer';
    const pool = role === 'agent' ? AGENT_LINES : customerLines;
    const tag = book.record(chat.index, n, Date.now());
    sim.control.say(chat.conversationId, role, `${tag} ${pool[n % pool.length]}`);
  }
  return { sent: total, startedAt, endedAt: Date.now() };
}
