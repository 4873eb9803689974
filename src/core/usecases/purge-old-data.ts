// Retention (RETENTION_DAYS): the text of chats finished longer ago goes; chat rows stay for reports and CSAT.
import type { Deps } from '../deps';
import type { PurgeKind } from '../ports';

const DAY_MS = 86_400_000;

/**
 * Processed inbox rows are kept this many days whatever the retention: the inbox is the dedupe record for
 * Convrs redeliveries, and a redelivered event whose key was forgotten would bring purged text back.
 */
export const INBOX_KEEP_DAYS = 7;

/**
 * Worked supervisor requests (they hold what was typed, a whisper's text among them) are kept one day whatever the
 * retention: long past Slack's and Bot Framework's retries, which their keys dedupe.
 */
export const SURFACE_INBOX_KEEP_DAYS = 1;

export interface PurgeOptions {
  /** 0 keeps everything. */
  retentionDays: number;
  /** Rows per statement, so a big purge never holds the database for long. */
  batchSize?: number;
  /** Stops between batches (shutdown). */
  signal?: AbortSignal;
}

export type PurgeCounts = Record<PurgeKind, number>;

/** Outbox rows before their messages, so no queued line ever points at a message that is gone. */
const ORDER: PurgeKind[] = ['outbox', 'messages', 'whispers', 'alerts', 'inbox', 'surfaceInbox', 'surfaceState'];

export async function purgeOldData(
  deps: Pick<Deps, 'store' | 'clock' | 'log'>,
  o: PurgeOptions,
): Promise<PurgeCounts | null> {
  if (o.retentionDays <= 0) return null;
  const batch = o.batchSize ?? 1000;
  const now = deps.clock.now().getTime();
  const finishedBefore = new Date(now - o.retentionDays * DAY_MS);
  const processedBefore = new Date(now - INBOX_KEEP_DAYS * DAY_MS);
  const workedBefore = new Date(now - SURFACE_INBOX_KEEP_DAYS * DAY_MS);
  const counts = {
    outbox: 0,
    messages: 0,
    whispers: 0,
    alerts: 0,
    inbox: 0,
    surfaceInbox: 0,
    surfaceState: 0,
  } satisfies PurgeCounts;
  for (const kind of ORDER) {
    const before =
      kind === 'inbox'
        ? processedBefore
        : kind === 'surfaceInbox'
          ? workedBefore
          : kind === 'surfaceState'
            ? new Date(now)
            : finishedBefore;
    for (;;) {
      if (o.signal?.aborted) break;
      const { picked, changed } = await deps.store.retention.purge(kind, before, batch);
      counts[kind] += changed;
      // Not `changed`: a process purging alongside may have taken part of a full batch, and more may be left.
      if (picked < batch) break;
    }
  }
  deps.log.info(
    { retentionDays: o.retentionDays, ...counts, stopped: o.signal?.aborted || undefined },
    'retention purge done (rows per table; whispers and alerts: texts blanked)',
  );
  return counts;
}
