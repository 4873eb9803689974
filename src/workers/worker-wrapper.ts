// One place that maps our error classes to BullMQ semantics: retry, delay without burning an attempt, or stop.
import { DelayedError, type Job, RateLimitError, UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { isAppError } from '../core/errors';
import { cappedBackoff } from './backoff';
import type { QueueName } from './queues';

/** A processor may ask to run again later (pending work it cannot do yet). */
export type Processor<T> = (data: T, job: Job<T>) => Promise<{ again?: Date } | void>;

export interface WorkerHooks {
  onDone?: (queue: QueueName, ms: number) => void;
  onFailed?: (queue: QueueName, job: Job | undefined, err: Error, final: boolean) => void;
}

export function startWorker<T>(
  queue: QueueName,
  processor: Processor<T>,
  opts: {
    connection: Redis;
    prefix: string;
    concurrency: number;
    log: Logger;
    hooks?: WorkerHooks;
    /** At most `max` jobs per `duration` ms, all workers of the queue together. */
    limiter?: { max: number; duration: number };
    /** The job moved itself to run again at `at` (its processor asked). */
    onAgain?: (data: T, jobId: string, at: Date) => void;
  },
): Worker<T> {
  const worker = new Worker<T>(
    queue,
    async (job, token) => {
      const started = Date.now();
      try {
        const r = await processor(job.data, job);
        if (r?.again && token) {
          const at = Math.max(r.again.getTime(), Date.now() + 1);
          await job.moveToDelayed(at, token);
          if (job.id) opts.onAgain?.(job.data, job.id, new Date(at));
          throw new DelayedError();
        }
        opts.hooks?.onDone?.(queue, Date.now() - started);
      } catch (e) {
        if (e instanceof DelayedError || e instanceof RateLimitError) throw e;
        if (isAppError(e) && e.code === 'rate_limited' && token) {
          await job.moveToDelayed(Date.now() + (e.retryAfterMs ?? 1000), token);
          throw new DelayedError();
        }
        if (isAppError(e) && !e.retryable) throw new UnrecoverableError(`${e.code}: ${e.message}`);
        throw e;
      }
    },
    // Short locks: after a crash, a job the dead process held is picked up again within ~15 s.
    {
      connection: opts.connection,
      prefix: opts.prefix,
      concurrency: opts.concurrency,
      limiter: opts.limiter,
      autorun: true,
      lockDuration: 10_000,
      stalledInterval: 5_000,
      maxStalledCount: 3,
      settings: { backoffStrategy: cappedBackoff },
    },
  );
  worker.on('failed', (job, err) => {
    const final = !job || err instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1);
    opts.log[final ? 'error' : 'warn'](
      { queue, jobId: job?.id, attempt: job?.attemptsMade, err: err.message },
      final ? 'job failed for good' : 'job failed; will retry',
    );
    opts.hooks?.onFailed?.(queue, job, err, final);
  });
  worker.on('error', (err) => opts.log.error({ queue, err: err.message }, 'worker error'));
  return worker;
}
