// /readyz checks: the database and Redis answer, and someone consumes the events queue — this process's own
// workers, or (web-only process) at least one BullMQ worker connected to the queue from elsewhere.
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { pingRedis } from './redis';

export interface Readiness {
  ok: boolean;
  /** `slack` only in Socket Mode: whether the connection to Slack is up. */
  checks: { database: boolean; redis: boolean; workers: boolean; slack?: boolean };
}

export interface ReadinessSources {
  pingDatabase(): Promise<void>;
  redis: Redis;
  /** The workers of this process; absent in a web-only process. */
  localWorkers?: { running(): boolean };
  /** In a web-only process, the queue whose connected workers are counted (BullMQ names their Redis connections). */
  eventsQueue: Pick<Queue, 'getWorkersCount'>;
  timeoutMs?: number;
  /** Socket Mode: the Slack connection (Slack refreshes it every few hours; a reconnect takes seconds). */
  slackSocket?: () => boolean;
}

/** A readiness probe must answer even when a dependency hangs (ioredis queues commands while disconnected). */
const within = <T>(p: Promise<T>, ms: number): Promise<T> =>
  Promise.race([p, new Promise<T>((_, rej) => setTimeout(() => rej(new Error('timeout')), ms).unref())]);

export async function checkReadiness(s: ReadinessSources): Promise<Readiness> {
  const ms = s.timeoutMs ?? 1000;
  const [database, redis] = await Promise.all([
    within(s.pingDatabase(), ms).then(
      () => true,
      () => false,
    ),
    pingRedis(s.redis, ms),
  ]);
  const workers = s.localWorkers
    ? s.localWorkers.running()
    : redis &&
      (await within(s.eventsQueue.getWorkersCount(), ms).then(
        (n) => n > 0,
        () => false,
      ));
  if (!s.slackSocket) return { ok: database && redis && workers, checks: { database, redis, workers } };
  const slack = s.slackSocket();
  return { ok: database && redis && workers && slack, checks: { database, redis, workers, slack } };
}
