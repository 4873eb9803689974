// Who supervises what, and so where each chat's threads live (the same plan for our bot and the baseline).
import type { BenchParams } from './args';
import type { BenchChat } from './traffic';

/** Every benchmark supervisor is this Convrs agent (every permission in the simulator population). */
export const SUPERVISOR_EMAIL = 'sam.boss@acme.test';
/** The one who types `watch` in the channels. */
export const WATCHER_USER = 'UBENCHSAM';

export interface ThreadPlace {
  /** The Slack channel that holds the thread: a DM ("D<user>", as the fake opens them) or a watched channel. */
  channel: string;
  /** The supervisor whose DM it is (dm), or undefined for channels. */
  user?: string;
}

export interface SupervisionPlan {
  dest: BenchParams['dest'];
  /** Per chat index, its thread places. */
  places: ThreadPlace[][];
  /** Channels that `watch` the unit (channel mode). */
  channels: string[];
  /** Slack user → email, for users.info. */
  emails: Record<string, string>;
  /** Threads per channel: what one channel's 1 post/s budget is shared by. */
  threadsPerChannel: number;
}

/**
 * dm: chat i is supervised by `supervisors` people of its own, so each DM holds one thread and gets its own budget
 * (the spread-out case). channel: every chat appears in each of `supervisors` channels watching the unit, so one
 * channel carries every chat (the crowded case: one 1 post/s budget shared by all chats).
 */
export function planSupervision(p: BenchParams, chats: BenchChat[]): SupervisionPlan {
  const emails: Record<string, string> = { [WATCHER_USER]: SUPERVISOR_EMAIL };
  if (p.dest === 'channel') {
    const channels = Array.from({ length: p.supervisors }, (_, s) => `CBENCH${s}`);
    return {
      dest: p.dest,
      places: chats.map(() => channels.map((channel) => ({ channel }))),
      channels,
      emails,
      threadsPerChannel: chats.length,
    };
  }
  const places = chats.map((c) =>
    Array.from({ length: p.supervisors }, (_, s) => {
      const user = `UB${String(c.index * p.supervisors + s).padStart(6, '0')}`;
      emails[user] = SUPERVISOR_EMAIL;
      return { channel: `D${user}`, user };
    }),
  );
  return { dest: p.dest, places, channels: [], emails, threadsPerChannel: 1 };
}
