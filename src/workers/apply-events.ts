// Applies accepted events: a shard's pending inbox rows in batches (the hot path), or one row on its own (retries
// and recovery). A row holds the neutral event the intake parsed (core/event-codec.ts): nothing here knows Convrs.
// Applying is idempotent, so a row applied twice (a stalled job run again, the sweeper) changes nothing.
import type { Logger } from 'pino';
import type { Deps } from '../core/deps';
import { isAppError } from '../core/errors';
import { decodeEvent } from '../core/event-codec';
import type { PlatformEvent } from '../core/events';
import type { Chat } from '../core/model';
import type { InboxRow } from '../core/ports';
import { ingestEvent, ingestMessages, isPlainMessage, type PlainMessage } from '../core/usecases/ingest-event';
import { EVENT_SHARDS } from './queues';
import { groupBy } from '../core/group-by';

/** Rows read per batch. */
const BATCH = 64;
/** Batches one run takes before it makes way (a graceful shutdown waits for running jobs; another worker goes on). */
const MAX_BATCHES_PER_RUN = 16;
/** Conversations of one batch applied at once (a conversation's own events go one after another, in id order). */
const PARALLEL = 8;
/** A row that failed in its batch is tried again on its own after this long (then with the queue's backoff). */
const RETRY_DELAY_MS = 500;

export interface EventApplier {
  /** Applies one inbox row unless it is already processed. */
  one(inboxId: number): Promise<void>;
  /**
   * Applies the shard's pending rows, batch after batch, until none is left or the run has taken its share;
   * `more`: rows may be left, run again.
   */
  shard(index: number): Promise<{ applied: number; more: boolean }>;
}

export function eventApplier(o: {
  deps: Deps;
  /** Reads a row's event (default: the stored neutral event, see decodeEvent). */
  decode?: (payload: string) => PlatformEvent;
  retryEvent: (inboxId: number, delayMs: number) => Promise<void>;
  log: Logger;
  /** Rows per batch and batches per run (defaults BATCH and MAX_BATCHES_PER_RUN; smaller in tests). */
  batch?: number;
  maxBatches?: number;
}): EventApplier {
  const { deps, log } = o;
  const batchSize = o.batch ?? BATCH;
  const maxBatches = o.maxBatches ?? MAX_BATCHES_PER_RUN;
  const decode = o.decode ?? ((payload: string) => decodeEvent(payload));

  /** `recorded`: the row was marked processed with the event's effects; otherwise the caller marks it. */
  const apply = async (row: InboxRow, chat?: Chat) =>
    ingestEvent(deps, decode(row.payload), { inboxId: row.id, acceptedAt: row.receivedAt, chat });

  /** The row's event, or undefined when it does not parse (then it fails on its own path and is set aside). */
  const parsed = (row: InboxRow): PlatformEvent | undefined => {
    try {
      return decode(row.payload);
    } catch {
      return undefined;
    }
  };

  return {
    one: async (inboxId) => {
      const row = await deps.store.inbox.get(inboxId);
      if (!row || row.processedAt) return;
      const { recorded } = await apply(row);
      if (!recorded) await deps.store.inbox.markDone(inboxId);
    },

    shard: async (index) => {
      let after = 0;
      let applied = 0;
      for (let batch = 0; batch < maxBatches; batch++) {
        const rows = await deps.store.inbox.pending({ index, of: EVENT_SHARDS }, after, batchSize);
        if (!rows.length) return { applied, more: false };
        // The cursor moves past rows that failed, so a failing row cannot keep its batch busy: it goes on its own.
        after = rows[rows.length - 1]!.id;
        const done: number[] = [];
        const conversations = [...groupBy(rows, (r) => r.conversationId ?? `#${r.id}`).values()];
        // The batch's chats in one read. Only a conversation's first event uses it: an earlier event of the batch may
        // have changed the chat (a transfer, a finish), so the later ones read it again.
        const chats = await deps.store.chats.byConversationIds([
          ...new Set(rows.flatMap((r) => (r.conversationId ? [r.conversationId] : []))),
        ]);
        // Each conversation's leading plain messages (the common case: lines of known chats) go in one write for the
        // whole batch; what follows them (a transfer, a finish, a whisper…) goes event by event, in order, after them.
        const lead: { row: InboxRow; item: PlainMessage }[] = [];
        const rest: { group: InboxRow[]; chat?: Chat }[] = [];
        for (const group of conversations) {
          const chat = group[0]!.conversationId ? chats.get(group[0]!.conversationId) : undefined;
          let i = 0;
          for (; i < group.length && chat; i++) {
            const row = group[i]!;
            const ev = parsed(row);
            if (!ev || !isPlainMessage(ev, chat)) break;
            lead.push({ row, item: { ev, source: { inboxId: row.id, acceptedAt: row.receivedAt, chat } } });
          }
          // After a lead, the chat is read again (as after any event); without one, the batch's read serves.
          if (i < group.length) rest.push({ group: group.slice(i), chat: i === 0 ? chat : undefined });
        }
        if (lead.length) {
          try {
            const results = await ingestMessages(
              deps,
              lead.map((l) => l.item),
            );
            for (const [k, r] of results.entries()) if (!r.recorded) done.push(lead[k]!.row.id);
            applied += lead.length;
          } catch (e) {
            // One write for all failed (a deadlock, a constraint): each goes on its own below, in its conversation's order.
            log.warn(
              { events: lead.length, err: (e as Error).message },
              'applying a batch of messages failed; applying them one by one',
            );
            const byConversation = new Map(rest.map((r) => [r.group[0]!.conversationId, r]));
            for (const group of conversations) {
              const mine = lead.filter((l) => l.row.conversationId === group[0]!.conversationId).map((l) => l.row);
              if (!mine.length) continue;
              const after = byConversation.get(group[0]!.conversationId);
              if (after) after.group.unshift(...mine);
              else rest.push({ group: mine });
            }
          }
        }
        await inTurns(rest, PARALLEL, async ({ group, chat }) => {
          for (const [i, row] of group.entries()) {
            try {
              if (!(await apply(row, i === 0 ? chat : undefined)).recorded) done.push(row.id);
              applied++;
            } catch (e) {
              await setAside(row, e as Error);
            }
          }
        });
        await deps.store.inbox.markDoneMany(done);
        if (rows.length < batchSize) return { applied, more: false };
      }
      return { applied, more: true };
    },
  };

  async function setAside(row: InboxRow, err: Error): Promise<void> {
    if (isAppError(err) && !err.retryable) {
      log.warn({ inboxId: row.id, err: err.message }, 'event cannot be applied; set aside');
      await deps.store.inbox.markFailed(row.id, err.message);
      return;
    }
    log.warn({ inboxId: row.id, err: err.message }, 'applying an event failed; it will be retried on its own');
    // Marked first, so later batches leave it to its own job (with backoff) instead of trying it again at once and
    // waiting on the same failure each time; the sweeper still finds it if the job cannot be queued.
    await deps.store.inbox.markRetrying(row.id, err.message);
    await o.retryEvent(row.id, RETRY_DELAY_MS);
  }
}

/** Runs fn over items with at most `limit` at once. */
async function inTurns<T>(items: T[], limit: number, fn: (t: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}
