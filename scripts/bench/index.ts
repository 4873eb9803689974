// `npm run bench`: our bot (web + worker processes, PostgreSQL, BullMQ) against the Convrs simulator and a fake Slack
// that enforces 1 post/s per channel, optionally next to the naive baseline on the same traffic. Prints one JSON object
// on stdout (progress goes to stderr). SPEC §5; the fields are explained in `notes`.
import { execFileSync } from 'node:child_process';
import { setMaxListeners } from 'node:events';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { parseBenchArgs, USAGE, UsageError, type BenchParams } from './args';
import { buildDist, REPO_ROOT } from './children';
import { cleanupAll } from './cleanup';
import { startRedis } from './infra';
import type { RunResult } from './results';
import { runScenario, SLACK_POST_RATE } from './scenario';

// The simulator gives every in-flight webhook delivery a listener on one shared abort signal; with hundreds of chats
// that is hundreds of listeners by design, not a leak.
setMaxListeners(5_000);

const progress = (msg: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);

function budget(p: BenchParams) {
  const threadsPerChannel = p.dest === 'channel' ? p.chats : 1;
  const linesPerChannel = p.dest === 'channel' ? p.rate : p.rate / p.chats;
  return {
    post_budget_per_channel: SLACK_POST_RATE,
    threads_per_channel: threadsPerChannel,
    lines_per_s_per_channel: Math.round(linesPerChannel * 1000) / 1000,
    // Under budget: every line could have a post of its own within Slack's rate, no combining needed.
    under_budget: linesPerChannel <= SLACK_POST_RATE.perSecond,
  };
}

const NOTES = [
  'latency_ms: from the moment the simulator emitted the message (Convrs created it) to the arrival at the fake Slack of the first successful chat.postMessage carrying it, per (message, thread). It includes the webhook delivery, so it is comparable between designs: the baseline answers the webhook only after posting, which makes "accepted → post" meaningless for it.',
  'latency_after_accept_ms: the SPEC wording, from the bot answering 2xx to the webhook delivery (measured at the simulator side) to the first post; webhook_ack_ms: that delivery round trip.',
  'events_in / events_per_s: tagged messages accepted (2xx) and the achieved intake rate (over the sending time, or up to the last acceptance when intake lagged); with an offered --rate below capacity it equals the offered rate, so ingest capacity needs a higher --rate.',
  "lost: (message, thread) pairs never posted by the end of the drain window (drained: false means the wait timed out, so some of them may be late rather than lost). duplicated: pairs posted more than once in their thread. out_of_order: messages posted after a later message of the same chat in that thread. misthreaded: tags in another chat's thread or outside a thread.",
  "slack_calls / slack_429s / cpu_s / redis_ops cover the traffic and drain window only. Threads are created during the setup for both designs (ours by supervise/watch; the baseline on the first message it mirrors, which is one of the chat's opening lines still being delivered when its routes are set), so the window measures steady-state mirroring.",
  'start_s_by_process: from spawning each process (node dist/src/main.js, or the baseline\'s dist/scripts/bench/baseline.js) to its "started" log line; processes start together, so on a small machine they slow each other down.',
  "rss_mb: peak resident memory (VmHWM) summed over the design's processes; cpu_s: their user+system CPU in the window; redis (private redis-server) and postgresql (every PostgreSQL process on the machine from /proc, plus what its exited backends used; it serves the bench alone while it runs) are listed in cpu_s_by_process but not summed in cpu_s; cpu_s_all sums everything the design costs (its processes, Redis, PostgreSQL), cpu_ms_per_line is that per expected (message, thread) line, and cpu_ratio_vs_baseline is ours over the baseline's per line; bench_cpu_s is this process (simulator, fake Slack, measurement).",
  'model_calls: scorer runs that used a model (OpenAI, only with OPENAI_API_KEY set); scorer_runs counts every run including the offline lexicon scorer (from the workers\' "chat scored" log lines).',
  "dest=dm: every chat has its own supervisor(s), so each DM holds one thread with its own 1 post/s budget. dest=channel: every chat is mirrored into each watching channel, so all chats share one channel's budget; many busy chats in one channel cannot all be under budget, and the bot then combines up to 10 lines per post and serves the threads in turn.",
  "--workers 0 (ours): intake alone, as a capacity test of the web processes: nothing is supervised, processed or posted, so only events_in, events_per_s, webhook_ack_ms and the web processes' cpu_s/rss_mb mean something.",
  'baseline: scripts/bench/baseline.ts (compiled to dist/ with the bot, run by plain node like ours), an express handler that awaits chat.postMessage for each message (threads created on the first message) with @slack/web-api defaults: a 429 pauses the client for Retry-After and the call is retried, up to 10 times, inside the webhook request (the simulator times out after 5 s and redelivers).',
];

/** The code measured: the bot changes often, so a result names its commit (and whether the tree had local changes). */
function codeVersion(): string {
  try {
    const git = (...args: string[]) =>
      execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return `${git('rev-parse', '--short', 'HEAD')}${git('status', '--porcelain', '--', 'src', 'adapters', 'migrations') ? ' + local changes' : ''}`;
  } catch {
    return 'unknown (not a git checkout)';
  }
}

async function main(): Promise<number> {
  let p: BenchParams | 'help';
  try {
    p = parseBenchArgs(process.argv.slice(2));
  } catch (e) {
    if (!(e instanceof UsageError) && (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') !== true) throw e;
    process.stderr.write(`${(e as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (p === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const machine = {
    cpus: cpus().length,
    cpu_model: cpus()[0]?.model ?? 'unknown',
    memory_gb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    load_avg_at_start: loadavg().map((l) => Math.round(l * 100) / 100),
  };
  // The processes run compiled JavaScript, as `npm start` does: built now from this tree, never an older dist/.
  progress('building dist/ (tsc -p tsconfig.bench.json)');
  const t0 = Date.now();
  buildDist();
  progress(`built in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const redis = await startRedis(p.redis);
  const out: {
    params: Record<string, unknown>;
    machine: Record<string, unknown>;
    ours?: RunResult;
    baseline?: RunResult;
    cpu_ratio_vs_baseline?: number | null;
    notes: string[];
  } = {
    params: {
      ...p,
      budget: budget(p),
      processes: p.db === 'sqlite' ? { all: 1 } : { web: p.web, worker: p.workers },
      mode: p.workers === 0 && p.db !== 'sqlite' ? 'intake only' : 'mirror',
    },
    machine: { ...machine, redis: `${redis.version}${redis.pid ? ' (private)' : ''}`, code: codeVersion() },
    notes: NOTES,
  };
  if (!p.baselineOnly) out.ours = await runScenario(p, 'ours', redis, progress);
  if (p.baseline) out.baseline = await runScenario(p, 'baseline', redis, progress);
  // CPU per mirrored line, ours over the naive design's, everything counted (processes, Redis, PostgreSQL).
  if (out.ours?.cpu_ms_per_line && out.baseline?.cpu_ms_per_line)
    out.cpu_ratio_vs_baseline = Math.round((100 * out.ours.cpu_ms_per_line) / out.baseline.cpu_ms_per_line) / 100;
  const json = JSON.stringify(out, null, 2);
  process.stdout.write(`${json}\n`);
  if (p.jsonOut) writeFileSync(p.jsonOut, `${json}\n`);
  return 0;
}

let finishing = false;
async function finish(code: number): Promise<never> {
  if (!finishing) {
    finishing = true;
    await cleanupAll(progress);
  }
  process.exit(code);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    progress(`${signal}: cleaning up`);
    void finish(130);
  });
}

main().then(finish, (e: unknown) => {
  progress(`failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  void finish(1);
});
