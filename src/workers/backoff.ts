// Retry delays for every queue: exponential from the job's `backoff.delay`, capped, with jitter. BullMQ's built-in
// exponential backoff has no cap: after a storm of Slack 5xx a drain job would wait 32 s and more between attempts,
// and a destination stays blocked while its one drain job waits.
import type { MinimalJob } from 'bullmq';

export const BACKOFF_TYPE = 'capped';
export const BACKOFF_CAP_MS = 5_000;

export function cappedBackoff(attemptsMade: number, _type?: string, _err?: Error, job?: MinimalJob): number {
  const backoff = job?.opts.backoff;
  const base = typeof backoff === 'object' && backoff?.delay ? backoff.delay : 500;
  const exp = Math.min(BACKOFF_CAP_MS, base * 2 ** Math.max(0, attemptsMade - 1));
  // "Equal jitter": at least half the delay, so retries of many jobs spread out but never come at once.
  return Math.round(exp / 2 + (Math.random() * exp) / 2);
}
