// Runs the retention purge in each worker process: once at start, then every hour. Two processes purging
// at once is harmless (each batch deletes rows by id; a row already gone is simply not counted).
import type { Logger } from 'pino';
import type { Deps } from '../core/deps';
import { purgeOldData } from '../core/usecases/purge-old-data';
import type { Metrics } from '../http/metrics';

export const PURGE_EVERY_MS = 60 * 60_000;

export function scheduleRetentionPurge(o: {
  deps: Pick<Deps, 'store' | 'clock' | 'log'>;
  retentionDays: number;
  metrics: Metrics;
  log: Logger;
  everyMs?: number;
}): { stop(): Promise<void> } {
  if (o.retentionDays <= 0) {
    o.log.info({}, 'RETENTION_DAYS=0: message text is kept forever');
    return { stop: async () => undefined };
  }
  const abort = new AbortController();
  let running: Promise<void> | null = null;
  const run = () => {
    running ??= purgeOldData(o.deps, { retentionDays: o.retentionDays, signal: abort.signal })
      .then((counts) => {
        for (const [table, n] of Object.entries(counts ?? {})) o.metrics.purgedRows.inc({ table }, n);
      })
      .catch((e) =>
        o.log.warn({ err: (e as Error).message }, 'retention purge failed; the next run picks up where it stopped'),
      )
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(run, o.everyMs ?? PURGE_EVERY_MS);
  timer.unref();
  run();
  return {
    stop: async () => {
      clearInterval(timer);
      abort.abort();
      await running;
    },
  };
}
