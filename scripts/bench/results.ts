// The figures of one run (SPEC §5 fields plus what explains them), computed from the tag book and the post ledger.
import type { DeliveryStats } from '../../adapters/convrs/simulator';
import type { BenchParams } from './args';
import type { PostLedger } from './ledger';
import type { SupervisionPlan } from './plan';
import type { Window } from './resources';
import { percentiles, round, type Percentiles } from './stats';
import type { SystemUnderTest } from './system';
import type { TagBook } from './tags';
import type { TrafficResult } from './traffic';

export interface RunInput {
  label: 'ours' | 'baseline';
  p: BenchParams;
  book: TagBook;
  ledger: PostLedger;
  plan: SupervisionPlan;
  traffic: TrafficResult;
  expected: Array<{ tag: string; channel: string }>;
  missing: number;
  system: SystemUnderTest;
  webhook: DeliveryStats;
  window: Window;
  setup: { seconds: number; complete: boolean };
}

export interface RunResult {
  events_in: number;
  events_per_s: number;
  latency_ms: Percentiles;
  latency_after_accept_ms: Percentiles;
  webhook_ack_ms: Percentiles;
  lost: number;
  duplicated: number;
  out_of_order: number;
  misthreaded: number;
  expected_deliveries: number;
  slack_calls: number;
  slack_calls_by_method: Record<string, number>;
  slack_429s: number;
  slack_429s_by_method: Record<string, number>;
  /** Seconds from spawn to the process's "started" log line. */
  start_s_by_process: Record<string, number | null>;
  rss_mb: number;
  rss_mb_by_process: Record<string, number>;
  cpu_s: number;
  cpu_s_by_process: Record<string, number>;
  cpu_s_all: number;
  cpu_ms_per_line: number | null;
  /** CPU the web (intake) processes spent per accepted message: 1 ms means one core takes about 1000 events/s. */
  web_cpu_ms_per_event: number | null;
  bench_cpu_s: number;
  redis_ops: number;
  model_calls: number;
  scorer_runs: number;
  threads_per_channel: number;
  setup_s: number;
  setup_complete: boolean;
  send_s: number;
  drain_s: number;
  drained: boolean;
  webhook: DeliveryStats;
  /** Warnings and errors the processes logged, "<process>: <message>" → count (the ten most frequent). */
  log_problems: Record<string, number>;
  database?: string;
}

export function summarize(r: RunInput): RunResult {
  const sent = [...r.book.sent.values()];
  const accepted = sent.filter((m) => m.acceptedAt !== undefined);
  const lastAccepted = accepted.reduce((a, m) => Math.max(a, m.acceptedAt!), r.traffic.startedAt + 1);
  const fromEmit: number[] = [];
  const fromAccept: number[] = [];
  let duplicated = 0;
  for (const e of r.expected) {
    const d = r.ledger.delivery(e.tag, e.channel);
    if (!d) continue;
    const m = r.book.sent.get(e.tag)!;
    fromEmit.push(d.firstAt - m.emittedAt);
    if (m.acceptedAt !== undefined) fromAccept.push(d.firstAt - m.acceptedAt);
    if (d.times > 1) duplicated++;
  }
  const { before, after } = r.window;
  const cpuBy = Object.fromEntries(
    Object.keys(after.cpu).map((k) => [k, round((after.cpu[k] ?? 0) - (before.cpu[k] ?? 0), 2)]),
  );
  const botNames = r.system.children.map((c) => c.o.name);
  const rssBy = Object.fromEntries(botNames.map((k) => [k, round(after.memory[k]?.peakRssMb ?? 0)]));
  const scorer = r.system.scorerRuns();
  return {
    events_in: accepted.length,
    // Achieved intake: accepted messages over the sending time, or until the last acceptance when intake lagged.
    events_per_s: round(accepted.length / (Math.max(r.p.durationS * 1000, lastAccepted - r.traffic.startedAt) / 1000)),
    latency_ms: percentiles(fromEmit),
    latency_after_accept_ms: percentiles(fromAccept),
    webhook_ack_ms: percentiles(accepted.map((m) => m.ackMs!)),
    lost: r.missing,
    duplicated,
    out_of_order: r.ledger.outOfOrder,
    misthreaded: r.ledger.misthreaded + r.ledger.unthreaded,
    expected_deliveries: r.expected.length,
    slack_calls: r.ledger.slackCalls,
    slack_calls_by_method: r.ledger.callsByMethod,
    slack_429s: r.ledger.rateLimited,
    slack_429s_by_method: r.ledger.rateLimitedByMethod,
    start_s_by_process: Object.fromEntries(
      r.system.children.map((c) => [c.o.name, c.startupMs === null ? null : round(c.startupMs / 1000, 2)]),
    ),
    rss_mb: round(Object.values(rssBy).reduce((a, b) => a + b, 0)),
    rss_mb_by_process: rssBy,
    cpu_s: round(
      botNames.reduce((a, k) => a + (cpuBy[k] ?? 0), 0),
      2,
    ),
    cpu_s_by_process: cpuBy,
    // Everything the design costs: its processes, Redis and PostgreSQL (not the bench itself).
    cpu_s_all: round(
      Object.values(cpuBy).reduce((a, b) => a + b, 0),
      2,
    ),
    cpu_ms_per_line: r.expected.length
      ? round((1000 * Object.values(cpuBy).reduce((a, b) => a + b, 0)) / r.expected.length, 3)
      : null,
    web_cpu_ms_per_event: accepted.length
      ? round(
          (1000 * botNames.filter((k) => /^(web|all|baseline)-/.test(k)).reduce((a, k) => a + (cpuBy[k] ?? 0), 0)) /
            accepted.length,
          3,
        )
      : null,
    bench_cpu_s: round((after.benchCpu.user + after.benchCpu.system) / 1e6, 2),
    redis_ops: after.redisOps - before.redisOps,
    model_calls: scorer.modelRuns,
    scorer_runs: scorer.runs,
    threads_per_channel: r.plan.threadsPerChannel,
    setup_s: round(r.setup.seconds),
    setup_complete: r.setup.complete,
    send_s: round((r.traffic.endedAt - r.traffic.startedAt) / 1000),
    drain_s: round((after.at - r.traffic.endedAt) / 1000),
    drained: r.missing === 0,
    webhook: r.webhook,
    log_problems: Object.fromEntries(
      r.system.children
        .flatMap((c) => [...c.problems].map(([msg, n]) => [`${c.o.name}: ${msg}`, n] as const))
        .sort((a, b) => b[1] - a[1])
        .slice(0, 10),
    ),
    database: r.system.database?.version,
  };
}
