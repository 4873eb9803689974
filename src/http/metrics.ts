// Prometheus metrics (prom-client) in one registry; names are the operations contract.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    eventsReceived: new Counter({
      name: 'convrs_events_received_total',
      help: 'Convrs events accepted by intake',
      labelNames: ['type', 'fresh'] as const,
      registers: [registry],
    }),
    eventsPending: new Gauge({
      name: 'convrs_events_pending',
      help: 'Accepted events not applied yet (the inbox backlog)',
      registers: [registry],
    }),
    eventsPendingAge: new Gauge({
      name: 'convrs_events_pending_age_seconds',
      help: 'How long the oldest accepted event has waited to be applied (0: none waiting)',
      registers: [registry],
    }),
    eventsApplied: new Counter({
      name: 'convrs_events_applied_total',
      help: 'Accepted events applied by the batch applier (retries on their own not counted)',
      registers: [registry],
    }),
    eventsRejected: new Counter({
      name: 'convrs_events_rejected_total',
      help: 'Convrs deliveries rejected',
      labelNames: ['reason'] as const,
      registers: [registry],
    }),
    posts: new Counter({
      name: 'surface_posts_total',
      help: 'Posts made to surfaces',
      labelNames: ['surface'] as const,
      registers: [registry],
    }),
    linesPosted: new Counter({
      name: 'surface_lines_posted_total',
      help: 'Message lines mirrored',
      labelNames: ['surface'] as const,
      registers: [registry],
    }),
    rateLimited: new Counter({
      name: 'surface_rate_limited_total',
      help: '429 answers from surfaces',
      labelNames: ['surface'] as const,
      registers: [registry],
    }),
    jobs: new Histogram({
      name: 'job_duration_seconds',
      help: 'Job processing time',
      labelNames: ['queue'] as const,
      buckets: [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    jobsFailed: new Counter({
      name: 'jobs_failed_total',
      help: 'Failed job attempts',
      labelNames: ['queue', 'final'] as const,
      registers: [registry],
    }),
    queueDepth: new Gauge({
      name: 'queue_depth',
      help: 'Jobs waiting or delayed per queue',
      labelNames: ['queue'] as const,
      registers: [registry],
    }),
    mirrorLatency: new Histogram({
      name: 'mirror_latency_seconds',
      help: 'Convrs event accepted → the surface post that carries its message',
      labelNames: ['surface'] as const,
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60],
      registers: [registry],
    }),
    destinationLag: new Gauge({
      name: 'destination_lag_seconds',
      help: 'Age of the oldest line waiting per destination',
      labelNames: ['surface', 'destination'] as const,
      registers: [registry],
    }),
    scoringRuns: new Counter({
      name: 'scoring_runs_total',
      help: 'Chats scored, by scorer source (model name or lexicon) and fallback reason',
      labelNames: ['source', 'fallback'] as const,
      registers: [registry],
    }),
    scoringTokens: new Counter({
      name: 'scoring_tokens_total',
      help: 'Model tokens used for scoring',
      labelNames: ['kind'] as const,
      registers: [registry],
    }),
    summaryRuns: new Counter({
      name: 'summary_runs_total',
      help: 'Summary drafts checked, by summarizer source (model name or extractive) and why the model was not used',
      labelNames: ['source', 'fallback'] as const,
      registers: [registry],
    }),
    summaryPoints: new Counter({
      name: 'summary_points_total',
      help: 'Summary points shown (their cited line exists), by summarizer source',
      labelNames: ['source'] as const,
      registers: [registry],
    }),
    summaryCitationsDropped: new Counter({
      name: 'summary_citations_dropped_total',
      help: 'Summary points dropped because the line they cite does not exist, by summarizer source',
      labelNames: ['source'] as const,
      registers: [registry],
    }),
    whisperDrafts: new Counter({
      name: 'whisper_drafts_total',
      help: 'Suggested whispers drafted, by source (model name or template), situation, and why the model was not used',
      labelNames: ['source', 'situation', 'fallback'] as const,
      registers: [registry],
    }),
    piiRedactions: new Counter({
      name: 'pii_redactions_total',
      help: 'Personal data masked (REDACT_PII), by kind (card, iban, email, phone) and where (outbound to a surface, or stored)',
      labelNames: ['kind', 'where'] as const,
      registers: [registry],
    }),
    whispers: new Counter({
      name: 'whispers_total',
      help: 'Whisper attempts by outcome',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
    purgedRows: new Counter({
      name: 'convrs_purged_rows_total',
      help: 'Rows removed by the retention purge (whispers, alerts: texts blanked)',
      labelNames: ['table'] as const,
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
