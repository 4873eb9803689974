// Starts one worker per queue, the maintenance sweeper that re-finds any work a lost wake-up left behind, and the retention purge.
import type { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Deps } from '../core/deps';
import type { PlatformEvent } from '../core/events';
import { isAppError } from '../core/errors';
import { decodeEvent } from '../core/event-codec';
import { shardOf } from '../core/drain-shard';
import { drainShard } from '../core/usecases/drain';
import { armAllInactivityTimers, checkInactivity } from '../core/usecases/inactivity';
import { armAllAwayChecks, checkOrphans } from '../core/usecases/orphans';
import { refreshCards } from '../core/usecases/refresh-cards';
import { scoreChat } from '../core/usecases/score-chat';
import { workStoredRequest, workSurfaceRequest } from '../core/usecases/work-surface-request';
import type { Metrics } from '../http/metrics';
import { eventApplier } from './apply-events';
import {
  DRAIN_SHARDS,
  EVENT_SHARDS,
  type ApplyJob,
  type CardsJob,
  type CommandJob,
  type DrainJob,
  type EventJob,
  type JobQueues,
  type OrphansJob,
  type ScoreJob,
  type SurfaceRequestJob,
  type TimerJob,
} from './queues';
import { scheduleRetentionPurge } from './retention-schedule';
import { startWorker } from './worker-wrapper';

/** The sweeper wakes a destination whose oldest waiting line was queued at least this long ago. */
const STUCK_LINE_MS = 3_000;
/** The sweeper queues again a stored surface request not worked this long after it was stored (a lost job). */
const STUCK_REQUEST_MS = 5_000;

export interface WorkerSet {
  workers: Worker[];
  running(): boolean;
  close(): Promise<void>;
}

export async function startWorkers(o: {
  deps: Deps;
  jobs: JobQueues;
  connection: Redis;
  prefix: string;
  /** Reads an inbox row an earlier version stored as the platform's raw payload (rows now hold the neutral event). */
  legacyEvent?: (raw: unknown) => PlatformEvent;
  metrics: Metrics;
  log: Logger;
  sweepEveryMs?: number;
  /** RETENTION_DAYS (0 or absent: keep everything). */
  retentionDays?: number;
  /** SCORE_RATE_PER_SECOND (0 or absent: no limit). */
  scoreRatePerSecond?: number;
}): Promise<WorkerSet> {
  const { deps, metrics, log } = o;
  const hooks = {
    onDone: (q: string, ms: number) => metrics.jobs.observe({ queue: q }, ms / 1000),
    onFailed: async (q: string, job: { data: unknown } | undefined, _err: Error, final: boolean) => {
      metrics.jobsFailed.inc({ queue: q, final: String(final) });
      const inboxId = q === 'events' && job ? (job.data as Partial<EventJob>).inboxId : undefined;
      if (final && inboxId !== undefined)
        await deps.store.inbox.markFailed(inboxId, _err.message).catch(() => undefined);
      const requestId = q === 'commands' && job ? (job.data as Partial<SurfaceRequestJob>).requestId : undefined;
      if (final && requestId !== undefined)
        await deps.store.surfaceInbox.markFailed(requestId, _err.message).catch(() => undefined);
    },
  };
  const common = { connection: o.connection, prefix: o.prefix, log, hooks };

  const apply = eventApplier({
    deps,
    decode: (payload) => decodeEvent(payload, o.legacyEvent),
    retryEvent: (id, delayMs) => o.jobs.retryEvent(id, delayMs),
    log,
  });
  const processInbox = apply.one;
  // Events a crashed process accepted but never applied go first, before any new job runs (ingest is idempotent).
  const recovered = await recoverInbox(new Date());
  if (recovered) log.info({ events: recovered }, 'applied events left unprocessed by an earlier run');
  // Surface requests stored but never worked (their job lost with Redis, or never queued): queued again now.
  const requeued = await requeueRequests(new Date());
  if (requeued) log.info({ requests: requeued }, 'queued surface requests left unworked by an earlier run');

  // One apply job per shard runs at a time (each applies a few conversations at once); retried single events beside them.
  const events = startWorker<EventJob | ApplyJob>(
    'events',
    async (data) => {
      if (!('shard' in data)) return processInbox(data.inboxId);
      const t0 = Date.now();
      const { applied, more } = await apply.shard(data.shard);
      log.debug({ shard: data.shard, ms: Date.now() - t0, applied }, 'apply run');
      metrics.eventsApplied.inc(applied);
      return more ? { again: new Date() } : undefined;
    },
    { ...common, concurrency: EVENT_SHARDS + 8 },
  );

  const drain = startWorker<DrainJob>(
    'drain',
    async (data) => {
      // A job queued by an older version names its destination.
      const shard =
        data.destination !== undefined && data.surface
          ? shardOf(data.surface, data.destination, DRAIN_SHARDS).index
          : data.shard;
      const t0 = Date.now();
      const r = await drainShard(deps, { index: shard, of: DRAIN_SHARDS });
      log.debug(
        {
          shard,
          ms: Date.now() - t0,
          posts: r.posts,
          lines: r.lines,
          againInMs: r.again ? r.again.getTime() - Date.now() : null,
        },
        'drain run',
      );
      for (const [surface, c] of Object.entries(r.postsBySurface)) {
        if (c.posts) metrics.posts.inc({ surface }, c.posts);
        if (c.lines) metrics.linesPosted.inc({ surface }, c.lines);
        if (c.rateLimited) metrics.rateLimited.inc({ surface }, c.rateLimited);
      }
      for (const l of r.latencies) metrics.mirrorLatency.observe({ surface: l.surface }, l.ms / 1000);
      return { again: r.again };
    },
    {
      ...common,
      concurrency: DRAIN_SHARDS + 2,
      onAgain: (data, jobId, at) => {
        if (data.destination === undefined) o.jobs.drainMoved(data.shard, jobId, at);
      },
    },
  );

  const cards = startWorker<CardsJob>(
    'cards',
    async ({ chatId }) => {
      await refreshCards(deps, chatId);
    },
    { ...common, concurrency: 4 },
  );

  // A stored surface request (Slack, Teams), or one carried whole (the terminal's; a job of an older version).
  const commands = startWorker<CommandJob | SurfaceRequestJob>(
    'commands',
    async (data) => {
      const outcome =
        'requestId' in data && typeof data.requestId === 'number'
          ? await workStoredRequest(deps, data.requestId)
          : await workSurfaceRequest(deps, data as CommandJob);
      if (outcome !== 'answered' && outcome !== 'done-before' && outcome !== 'no-surface')
        metrics.whispers.inc({ outcome });
    },
    { ...common, concurrency: 8 },
  );

  // The queue is not paused on a 429: the scorer answers a busy model from its fallback (see openai.ts), and any other
  // failure is retried the queue's bounded number of attempts.
  const scores = startWorker<ScoreJob>(
    'scores',
    async ({ chatId, reason }) => {
      const r = await scoreChat(deps, chatId, reason);
      if (!r) return;
      metrics.scoringRuns.inc({ source: r.result.sentiment.source, fallback: r.result.fallbackReason ?? '' });
      if (r.result.usage) {
        metrics.scoringTokens.inc({ kind: 'input' }, r.result.usage.inputTokens);
        metrics.scoringTokens.inc({ kind: 'output' }, r.result.usage.outputTokens);
      }
    },
    {
      ...common,
      concurrency: 4,
      ...(o.scoreRatePerSecond ? { limiter: { max: o.scoreRatePerSecond, duration: 1000 } } : {}),
    },
  );

  const timers = startWorker<TimerJob | OrphansJob>(
    'timers',
    async (data, job) => {
      if (job.name !== 'orphans') return checkInactivity(deps, (data as TimerJob).chatId);
      const o = data as OrphansJob;
      const away =
        o.awaySince !== undefined && o.dueAt !== undefined
          ? { since: new Date(o.awaySince), dueAt: new Date(o.dueAt) }
          : undefined;
      const r = await checkOrphans(deps, o.agentEmail, away);
      return r.again ? { again: r.again } : undefined;
    },
    { ...common, concurrency: 4 },
  );
  armAllInactivityTimers(deps)
    .then((n) => log.info({ chats: n }, 'inactivity timers armed'))
    .catch((e) => log.warn({ err: (e as Error).message }, 'could not arm inactivity timers at start'));
  armAllAwayChecks(deps)
    .then((n) => log.info({ agents: n }, 'away checks armed'))
    .catch((e) => log.warn({ err: (e as Error).message }, 'could not arm away checks at start'));

  const workers = [events, drain, cards, commands, scores, timers] as Worker[];

  async function recoverInbox(before: Date): Promise<number> {
    let n = 0;
    for (const r of await deps.store.inbox.unprocessed(before, 500)) {
      try {
        await processInbox(r.id);
        n++;
      } catch (e) {
        const final = isAppError(e) && !e.retryable;
        log.warn(
          { inboxId: r.id, err: (e as Error).message, final },
          final ? 'event cannot be applied; set aside' : 'recovering an event failed; will retry',
        );
        if (final) await deps.store.inbox.markFailed(r.id, (e as Error).message);
      }
    }
    return n;
  }
  async function requeueRequests(before: Date): Promise<number> {
    const rows = await deps.store.surfaceInbox.unprocessed(before, 500);
    // One job per row (its id): a job still waiting, running or retrying is not doubled.
    for (const r of rows) await o.jobs.surfaceRequest(r.id);
    return rows.length;
  }
  let sweeping = false;
  const sweep = async () => {
    if (sweeping) return;
    sweeping = true;
    try {
      // Lines younger than that have a drain on its way (asked for when they were queued); waking their destination
      // again would mostly re-run a drain that just ran (one extra job and read per busy destination per sweep).
      const stuck = new Date(Date.now() - STUCK_LINE_MS);
      for (const d of await deps.store.outbox.pendingDestinations(1000, stuck))
        await deps.jobs.drain(d.surface, d.destination);
      // Only events stuck for a while (a lost job): younger ones are being applied by their own jobs right now, and
      // re-applying them under a backlog doubles the work (the bench at 1000 chats).
      await recoverInbox(new Date(Date.now() - 20_000));
      await requeueRequests(new Date(Date.now() - STUCK_REQUEST_MS));
    } catch (e) {
      log.warn({ err: (e as Error).message }, 'sweep failed');
    } finally {
      sweeping = false;
    }
  };
  const timer = setInterval(sweep, o.sweepEveryMs ?? 1000);
  timer.unref();
  void sweep();
  const purge = scheduleRetentionPurge({ deps, retentionDays: o.retentionDays ?? 0, metrics, log });

  return {
    workers,
    running: () => workers.every((w) => w.isRunning()),
    close: async () => {
      clearInterval(timer);
      await Promise.all([purge.stop(), ...workers.map((w) => w.close())]);
    },
  };
}
