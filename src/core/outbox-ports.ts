// The outbox's port: (thread, message) lines waiting to be posted, read per destination or per drain shard, and the
// records of attempts and posts (src/persistence/stores/outbox.ts implements it).
import type { StoredMessage, SurfaceName, Thread } from './model';

export interface OutboxItem {
  id: number;
  thread: Thread;
  message: StoredMessage;
  /** Key of a post attempt that may or may not have landed (a crash between posting and recording). */
  attemptKey: string | null;
}

/** What one drain step reads: pending lines, per chat (conversation id) since when an event is accepted but not yet applied, and pacing. */
export interface DrainView {
  items: OutboxItem[];
  applying: Map<string, Date>;
  /** When the destination's next post may go (GCRA theoretical arrival time); null when never posted or nothing pending. */
  nextPostAt: Date | null;
}

/** One drain shard's waiting lines (see drain-shard.ts): per destination in display order, with the pacing of each. */
export interface ShardView {
  items: OutboxItem[];
  applying: Map<string, Date>;
  /** Per destination (placeKey), when its next post may go; absent when it never posted. */
  nextPostAt: Map<string, Date>;
}

/** The key of a (surface, destination) pair in maps. */
export const placeKey = (surface: string, destination: string) => `${surface}\u0000${destination}`;

export interface OutboxStore {
  /** Queues messages for threads; pairs already queued are ignored. */
  enqueue(rows: { threadId: number; messageId: number }[]): Promise<number>;
  /**
   * Queues again the rows of these messages that a thread dropped unposted when it ended (always the tail it had not
   * shown yet, so showing them now keeps the order): a thread re-opened with its history shows them after all.
   */
  revive(threadId: number, messageIds: number[]): Promise<number>;
  /** Destinations with unposted rows of active threads (only rows queued before `queuedBefore`, when given). */
  pendingDestinations(limit: number, queuedBefore?: Date): Promise<{ surface: SurfaceName; destination: string }[]>;
  /** Destinations with waiting lines and the arrival time of the oldest one (for the lag gauge). */
  lagByDestination(limit: number): Promise<{ surface: SurfaceName; destination: string; oldest: Date }[]>;
  /** Unposted rows of active threads in a destination, per thread in display order (at, seq), received before `receivedBefore`. */
  pendingFor(surface: SurfaceName, destination: string, receivedBefore: Date, limit: number): Promise<OutboxItem[]>;
  /** Every pending row of a destination (as pendingFor) with what the drain needs besides, in one read. */
  drainView(surface: SurfaceName, destination: string, limit: number): Promise<DrainView>;
  /**
   * Every destination of a shard with lines waiting, up to `perDestination` rows each, in one read (see ShardView).
   */
  shardView(shard: { index: number; of: number }, perDestination: number): Promise<ShardView>;
  /** markAttempt for several posts in one write. */
  markAttempts(attempts: { ids: number[]; key: string }[]): Promise<void>;
  /** markPosted for several posts and the pacing of their destinations, in one write. */
  markPostedMany(
    posts: { ids: number[]; postId: string }[],
    pacing: { surface: SurfaceName; destination: string; nextPostAt: Date }[],
  ): Promise<void>;
  /** Records that these rows are about to be posted together under `key` (before the surface is called). */
  /** `null` clears it (the attempt is known not to have landed, e.g. a 429). */
  markAttempt(ids: number[], key: string | null): Promise<void>;
  /** Records the post that carried these rows; with `pacing`, also the destination's next post time (one write). */
  markPosted(
    ids: number[],
    postId: string,
    pacing?: { surface: SurfaceName; destination: string; nextPostAt: Date },
  ): Promise<void>;
  markSkipped(ids: number[], reason: string): Promise<void>;
  /** The post id that carried a message in a thread. */
  postIdOf(threadId: number, messageId: number): Promise<string | null>;
  /** The id of the thread's last recorded post (null: none yet). */
  lastPostId(threadId: number): Promise<string | null>;
  /** Posts done (for tests, metrics): rows with a post id, in the order they were posted. */
  postedCount(threadId: number): Promise<number>;
}
