// Composition root: the only place that wires adapters to the core. Straight-line on purpose.
import type { Server } from 'node:http';
import type { Router } from 'express';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { Redis } from 'ioredis';
import { createConvrsClient } from '../adapters/convrs/client';
import { parseEvent } from '../adapters/convrs/events';
import { loadProfile } from '../adapters/convrs/profile';
import { createConvrsWebhookRouter } from '../adapters/convrs/webhook';
import { startConvrsWebsocket } from '../adapters/convrs/websocket';
import { lexiconScorer } from '../adapters/scoring/lexicon';
import { messageSentiment } from '../adapters/scoring/message-sentiment';
import { openAiScorer } from '../adapters/scoring/openai';
import { extractiveSummarizer } from '../adapters/scoring/summary-extractive';
import { openAiSummarizer } from '../adapters/scoring/summary-openai';
import { openAiDrafter } from '../adapters/scoring/draft-openai';
import { templateDrafter } from './core/drafter';
import { createSlack, slackConfig } from '../adapters/slack';
import { createTeams, teamsConfig } from '../adapters/teams';
import type { Config } from './config';
import { defaultSettings, type Deps } from './core/deps';
import type { Intake } from './core/intake';
import { createRedactor, maskCardsDeep, type Redact } from './core/redact';
import { redactingSurface } from './core/redact-views';
import type { SurfaceName } from './core/model';
import type { ChatPlatform, PlatformEventSink, Store, SupervisorSurface } from './core/ports';
import { acceptPlatformEvents } from './core/usecases/accept-event';
import { reconcile } from './core/usecases/reconcile';
import { createMetrics, type Metrics } from './http/metrics';
import { IntakeBatcher } from './http/intake-batcher';
import { createHttpApp, listen } from './http/server';
import { createLogger } from './logger';
import { openDatabase } from './persistence/data-source';
import { createStore } from './persistence/store';
import { JobQueues, QUEUE_NAMES } from './workers/queues';
import { checkReadiness } from './workers/readiness';
import { createRedis } from './workers/redis';
import { startWorkers, type WorkerSet } from './workers/start-workers';
import { durableIntake } from './workers/surface-intake';

export interface AppOptions {
  /** Surfaces beyond those the config enables (the terminal in the demo, fakes in tests). */
  surfaces?: SupervisorSurface[];
  log?: Logger;
  /** Extra routes (e.g. a surface's inbound endpoint). */
  routers?: (deps: Deps) => Router[];
  sweepEveryMs?: number;
  /** Group commit at the intake (see IntakeBatcher): window and batch size. */
  intake?: { windowMs?: number; maxBatch?: number };
}

export interface App {
  deps: Deps;
  store: Store;
  jobs: JobQueues;
  /** Where the surfaces hand their requests (commands, buttons, thread replies). */
  intake: Intake;
  metrics: Metrics;
  log: Logger;
  server?: Server;
  /** http://127.0.0.1:<port> when the web role runs. */
  url?: string;
  stop(): Promise<void>;
}

export async function startApp(config: Config, opts: AppOptions = {}): Promise<App> {
  const log = opts.log ?? createLogger(config.LOG_LEVEL);
  const metrics = createMetrics();
  const profile = loadProfile(config.CONVRS_PROFILE);
  const ds: DataSource = await openDatabase(config.DATABASE_URL, {
    migrate: config.DB_MIGRATE,
    logger: log,
    poolSize: 20,
  });
  const store = createStore(ds);
  const redis: Redis = createRedis(config.REDIS_URL);
  const jobs = new JobQueues(redis, config.QUEUE_PREFIX, config.SCORE_DEBOUNCE_SECONDS * 1000, {
    drainDelayMs: config.REORDER_WINDOW_MS,
  });
  // A Queue re-emits its connection's errors: without a listener, an 'error' event would end the process the moment
  // Redis restarts (found by the chaos test). ioredis reconnects on its own; say so once per outage, not per retry.
  const redisDown = onceUntilReady(redis, () =>
    log.warn('Redis connection lost; reconnecting (queued work waits until it is back)'),
  );
  redis.on('error', redisDown);
  for (const q of Object.values(jobs.queues)) q.on('error', redisDown);
  const scorer = config.OPENAI_API_KEY
    ? openAiScorer({
        apiKey: config.OPENAI_API_KEY,
        baseURL: config.OPENAI_BASE_URL,
        model: config.OPENAI_MODEL,
        fallback: lexiconScorer(),
        log,
      })
    : lexiconScorer();
  const summarizer = config.OPENAI_API_KEY
    ? openAiSummarizer({
        apiKey: config.OPENAI_API_KEY,
        baseURL: config.OPENAI_BASE_URL,
        model: config.OPENAI_MODEL,
        fallback: extractiveSummarizer(),
        log,
      })
    : extractiveSummarizer();
  const drafter = config.OPENAI_API_KEY
    ? openAiDrafter({
        apiKey: config.OPENAI_API_KEY,
        baseURL: config.OPENAI_BASE_URL,
        model: config.OPENAI_MODEL,
        fallback: templateDrafter(),
        log,
      })
    : templateDrafter();
  const platform: ChatPlatform = createConvrsClient({
    apiUrl: config.CONVRS_API_URL,
    token: config.CONVRS_API_TOKEN ?? '',
    profile,
    logger: log,
  });
  // REDACT_PII: one redactor for everything sent to a surface (each surface wrapped), one for cards before storage.
  const kinds = config.REDACT_PII ? config.REDACT_PII_KINDS : [];
  const redact: Redact | undefined = kinds.length
    ? createRedactor({
        kinds,
        phoneRegion: config.REDACT_PII_PHONE_REGION,
        onRedact: (kind) => metrics.piiRedactions.inc({ kind, where: 'outbound' }),
      })
    : undefined;
  const redactStored: Redact | undefined = kinds.includes('card')
    ? createRedactor({ kinds: ['card'], onRedact: (kind) => metrics.piiRedactions.inc({ kind, where: 'stored' }) })
    : undefined;
  const surfaces = new Map<SurfaceName, SupervisorSurface>();
  const addSurface = (s: SupervisorSurface) => surfaces.set(s.name, redact ? redactingSurface(s, redact) : s);
  for (const s of opts.surfaces ?? []) addSurface(s);
  const slack = config.slackEnabled
    ? createSlack(slackConfig(config), { log, redis, prefix: config.QUEUE_PREFIX })
    : undefined;
  if (slack) addSurface(slack.surface);
  const teams = config.teamsEnabled ? createTeams(teamsConfig(config), { log, state: store.surfaceState }) : undefined;
  if (teams) addSurface(teams.surface);
  const deps: Deps = {
    store,
    platform,
    surfaces,
    jobs,
    clock: { now: () => new Date() },
    redact,
    redactStored,
    scorer,
    lineSentiment: messageSentiment,
    summarizer,
    summaryMetrics: {
      checked: ({ source, kept, dropped, fallbackReason }) => {
        metrics.summaryRuns.inc({ source, fallback: fallbackReason ?? '' });
        if (kept) metrics.summaryPoints.inc({ source }, kept);
        if (dropped) metrics.summaryCitationsDropped.inc({ source }, dropped);
      },
    },
    drafter,
    draftMetrics: {
      drafted: ({ source, situation, fallbackReason }) =>
        metrics.whisperDrafts.inc({ source, situation, fallback: fallbackReason ?? '' }),
    },
    settings: {
      ...defaultSettings,
      historyLines: config.HISTORY_LINES,
      adminEmails: config.ADMIN_EMAILS,
      reorderWindowMs: config.REORDER_WINDOW_MS,
      negativeThreshold: config.NEGATIVE_SENTIMENT_THRESHOLD,
      inactivityMs: config.INACTIVITY_MINUTES * 60_000,
      alertCooldownMs: config.ALERT_COOLDOWN_MINUTES * 60_000,
      orphanAfterMs: config.ORPHAN_AFTER_MINUTES * 60_000,
      calibrationMinChats: config.CALIBRATION_MIN_CHATS,
      alertDestinations:
        config.SLACK_ALERTS_CHANNEL && slack ? [{ surface: 'slack', destination: config.SLACK_ALERTS_CHANNEL }] : [],
    },
    log,
  };

  // Events accepted together are stored with one insert and wake their appliers with one Redis round trip.
  const intake = new IntakeBatcher({
    acceptMany: (events) => store.inbox.acceptMany(events),
    wake: (ids) => jobs.events(ids),
    ...opts.intake,
  });
  // Card numbers are masked in the stored event too (REDACT_PII), so the inbox never holds a full card number.
  const sink: PlatformEventSink = acceptPlatformEvents({
    store: (event) =>
      intake.accept(
        redactStored
          ? { ...event, payload: JSON.stringify(maskCardsDeep(JSON.parse(event.payload), redactStored)) }
          : event,
      ),
    accepted: (type, fresh) => metrics.eventsReceived.inc({ type, fresh: String(fresh) }),
  });
  const surfaceIntake = durableIntake({ store: store.surfaceInbox, jobs, log });

  const slackReceiver = slack?.receiver(deps, surfaceIntake);
  const web = config.APP_ROLE !== 'worker';
  const work = config.APP_ROLE !== 'web';
  let workers: WorkerSet | undefined;
  let ws: { stop(): Promise<void> } | undefined;
  let server: Server | undefined;

  if (work) {
    workers = await startWorkers({
      deps,
      jobs,
      connection: redis,
      prefix: config.QUEUE_PREFIX,
      legacyEvent: (raw) => parseEvent(raw, profile),
      metrics,
      log,
      sweepEveryMs: opts.sweepEveryMs,
      retentionDays: config.RETENTION_DAYS,
      scoreRatePerSecond: config.SCORE_RATE_PER_SECOND,
    });
    reconcile(deps, { withMessages: false })
      .then((r) => log.info(r, 'reconciled open chats with Convrs'))
      .catch((e) =>
        log.warn({ err: (e as Error).message }, 'start-up reconcile with Convrs failed; events will fill in'),
      );
  }
  if (web) {
    // The Convrs webhook first: it takes thousands of requests a second, and express tries each router in turn.
    const routers: Router[] = [];
    if (config.CONVRS_EVENTS === 'webhook')
      routers.push(
        createConvrsWebhookRouter({
          secret: config.CONVRS_WEBHOOK_SECRET!,
          profile,
          sink,
          logger: log,
          onRejected: (reason) => metrics.eventsRejected.inc({ reason }),
        }),
      );
    routers.push(...(opts.routers?.(deps) ?? []));
    if (slackReceiver) {
      await slackReceiver
        .init()
        .catch((e) =>
          log.error(
            { err: (e as Error).message },
            'Slack did not accept SLACK_BOT_TOKEN (auth.test failed): reinstall the app and set the new bot token; Slack requests will fail until then',
          ),
        );
      if (slackReceiver.router) routers.push(slackReceiver.router);
    }
    if (teams) routers.push(teams.router(deps, surfaceIntake));
    const http = createHttpApp({
      routers,
      metrics,
      log,
      ready: () =>
        checkReadiness({
          pingDatabase: () => store.ping(),
          redis,
          localWorkers: work ? { running: () => Boolean(workers?.running()) } : undefined,
          eventsQueue: jobs.queues.events,
          slackSocket: slackReceiver?.connected,
        }),
      refreshGauges: async () => {
        for (const name of QUEUE_NAMES) {
          const c = await jobs.queues[name].getJobCounts('waiting', 'delayed', 'active');
          metrics.queueDepth.set({ queue: name }, (c.waiting ?? 0) + (c.delayed ?? 0) + (c.active ?? 0));
        }
        const backlog = await store.inbox.backlog();
        metrics.eventsPending.set(backlog.count);
        metrics.eventsPendingAge.set(backlog.oldest ? Math.max(0, (Date.now() - backlog.oldest.getTime()) / 1000) : 0);
        metrics.destinationLag.reset();
        for (const d of await store.outbox.lagByDestination(100)) {
          metrics.destinationLag.set(
            { surface: d.surface, destination: d.destination },
            Math.max(0, (Date.now() - d.oldest.getTime()) / 1000),
          );
        }
      },
    });
    server = await listen(http, config.PORT);
    if (config.CONVRS_EVENTS === 'websocket') {
      ws = startConvrsWebsocket({
        url: config.CONVRS_WS_URL,
        token: config.CONVRS_API_TOKEN!,
        profile,
        sink,
        logger: log,
        onReconnected: async () => {
          await reconcile(deps, { withMessages: true });
        },
      });
    }
  }
  const address = server?.address();
  const url = address && typeof address === 'object' ? `http://127.0.0.1:${address.port}` : undefined;
  if (url) teams?.setLocalUrl(url);

  const app: App = {
    deps,
    store,
    jobs,
    intake: surfaceIntake,
    metrics,
    log,
    server,
    url,
    stop: async () => {
      // Stop intake first, then let in-flight jobs finish, then close connections.
      await ws?.stop();
      await slackReceiver?.stop();
      if (server) {
        // Idle keep-alive connections would hold close() open; busy ones get a short grace period.
        const closed = new Promise<void>((r) => server!.close(() => r()));
        server.closeIdleConnections();
        await Promise.race([closed, new Promise((r) => setTimeout(r, 3000).unref())]);
        server.closeAllConnections();
      }
      await intake.close();
      await workers?.close();
      await jobs.close();
      await redis.quit().catch(() => redis.disconnect());
      await store.close();
    },
  };
  // Socket Mode: the web role's connection out to Slack takes the place of POST /slack/events. A refused app token ends the start.
  if (web)
    await slackReceiver?.start().catch(async (e) => {
      await app.stop().catch(() => undefined);
      throw e;
    });
  log.info(
    {
      role: config.APP_ROLE,
      url,
      surfaces: [...surfaces.keys()],
      ...(slack ? { slack: config.SLACK_APP_TOKEN ? 'socket-mode' : 'http' } : {}),
      events: config.CONVRS_EVENTS,
      scorer: scorer.name,
      summarizer: summarizer.name,
      drafter: drafter.name,
    },
    'convrs supervisor bot started',
  );
  return app;
}

/** Calls `warn` on the first error after the connection was last ready. */
function onceUntilReady(redis: Redis, warn: () => void): () => void {
  let warned = false;
  redis.on('ready', () => (warned = false));
  return () => {
    if (warned) return;
    warned = true;
    warn();
  };
}
