// A production-shaped deployment on loopback for chaos and scale-out tests: N web and M worker processes of the real
// bot (`src/main.ts`, APP_ROLE=web/worker) on one private PostgreSQL and one private Redis, the Convrs simulator
// delivering webhooks through a load-balancing tap, and a fake Slack Web API that enforces 1 post/s per channel.
// Every process, server and temp dir it starts is stopped by `stop()` (and killed if the test process dies).
import { createHmac, randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSimulator, type Simulator } from '../../adapters/convrs/simulator';
import { BenchChild, runOnce } from '../../scripts/bench/children';
import { cleanupAll } from '../../scripts/bench/cleanup';
import { visibleText } from '../../scripts/bench/ledger';
import { tagsIn } from '../../scripts/bench/tags';
import { BENCH_BOT_TOKEN, BENCH_SIGNING_SECRET, slash } from '../../scripts/bench/slack-commands';
import { waitReady } from '../../scripts/bench/system-ours';
import { freePort } from '../../src/demo-redis';
import { FakeSlack } from '../fakes/slack-api';
import { startPrivatePostgres, type PrivatePostgres } from './private-postgres';
import { startPrivateRedis, type PrivateRedis } from './private-redis';

// The bench's signing secret and token, so its signed slash-command helper works here too.
export const SIGNING_SECRET = BENCH_SIGNING_SECRET;
export const BOT_TOKEN = BENCH_BOT_TOKEN;
const CONVRS_TOKEN = 'chaos-convrs-token';
const WEBHOOK_SECRET = 'chaos-webhook-secret';
/** Tap URL the simulator posts to; the tap forwards to a live web process. */
const TAP_URL = 'http://convrs-webhook.chaos.invalid/convrs/webhook';
const STARTED = 'convrs supervisor bot started';

export interface Proc {
  name: string;
  role: 'web' | 'worker';
  env: Record<string, string>;
  child: BenchChild;
  url?: string;
}

export class ChaosCluster {
  readonly procs: Proc[] = [];
  private rr = 0;
  private originalFetch?: typeof fetch;
  /** Deliveries the tap could not hand to any web process (the simulator retries them). */
  tapFailures = 0;

  private constructor(
    readonly sim: Simulator,
    readonly slack: FakeSlack,
    readonly pg: PrivatePostgres,
    readonly redis: PrivateRedis,
  ) {}

  static async start(o: {
    webs: number;
    workers: number;
    duplicateRate?: number;
    shuffleWindowMs?: number;
    redisPersist?: boolean;
  }): Promise<ChaosCluster> {
    const [pg, redis, slack] = await Promise.all([
      startPrivatePostgres(),
      startPrivateRedis({ persist: o.redisPersist }),
      new FakeSlack(BOT_TOKEN).start(),
    ]);
    slack.rate = { perSecond: 1, burst: 3 };
    const sim = await startSimulator({
      port: 0,
      token: CONVRS_TOKEN,
      seed: 11,
      traffic: false,
      webhookUrl: TAP_URL,
      webhookSecret: WEBHOOK_SECRET,
      duplicateRate: o.duplicateRate,
      shuffleWindowMs: o.shuffleWindowMs,
      // Convrs keeps retrying an undelivered event (with backoff) for a long while, as its profile says.
      webhookRetry: { baseMs: 200, maxAttempts: 400, timeoutMs: 3000 },
    });
    const c = new ChaosCluster(sim, slack, pg, redis);
    c.installTap();
    await runOnce('migrations', 'src/persistence/migrate-cli.ts', { DATABASE_URL: pg.url });
    const prefix = `{chaos${randomBytes(3).toString('hex')}}`;
    const env: Record<string, string> = {
      DATABASE_URL: pg.url,
      DB_MIGRATE: 'false',
      REDIS_URL: redis.url,
      QUEUE_PREFIX: prefix,
      CONVRS_API_URL: sim.apiUrl,
      CONVRS_API_TOKEN: CONVRS_TOKEN,
      CONVRS_EVENTS: 'webhook',
      CONVRS_WEBHOOK_SECRET: WEBHOOK_SECRET,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      SLACK_API_RETRIES: '0',
      TEAMS_ENABLED: 'false',
      MicrosoftAppId: '',
      SLACK_ALERTS_CHANNEL: '',
      ADMIN_EMAILS: '',
      OPENAI_API_KEY: '',
      REORDER_WINDOW_MS: '200',
      LOG_LEVEL: 'info',
    };
    const starts: Promise<void>[] = [];
    for (let i = 1; i <= o.workers; i++)
      starts.push(c.launch({ name: `worker-${i}`, role: 'worker', env: { ...env, APP_ROLE: 'worker', PORT: '0' } }));
    for (let i = 1; i <= o.webs; i++)
      starts.push(
        c.launch({ name: `web-${i}`, role: 'web', env: { ...env, APP_ROLE: 'web', PORT: String(await freePort()) } }),
      );
    await Promise.all(starts);
    return c;
  }

  proc(name: string): Proc {
    const p = this.procs.find((x) => x.name === name);
    if (!p) throw new Error(`no process ${name}`);
    return p;
  }

  /** The live web processes' URLs. */
  get webUrls(): string[] {
    return this.procs
      .filter((p) => p.role === 'web' && p.child.process.exitCode === null && p.child.process.signalCode === null)
      .map((p) => p.url!);
  }

  /** Round-robin over live web processes, like a load balancer whose health check took the dead ones out. */
  nextWeb(): string {
    const urls = this.webUrls;
    if (!urls.length) throw new Error('no web process is running');
    return urls[this.rr++ % urls.length]!;
  }

  /** SIGKILL (a crash: no shutdown code runs) or SIGTERM (graceful). Resolves when the process is gone. */
  async kill(name: string, signal: 'SIGKILL' | 'SIGTERM' = 'SIGKILL'): Promise<number | null> {
    const p = this.proc(name);
    const cp = p.child.process;
    if (cp.exitCode !== null || cp.signalCode !== null) return cp.exitCode;
    const gone = new Promise<number | null>((r) => cp.once('exit', (code) => r(code)));
    cp.kill(signal);
    return gone;
  }

  /** Starts the process again with the same settings (and port). */
  async restart(name: string): Promise<void> {
    const p = this.proc(name);
    this.procs.splice(this.procs.indexOf(p), 1);
    await this.launch({ name: p.name, role: p.role, env: p.env });
  }

  /** Sum of a log message's count over every process ever started (restarts included). */
  logCount(msg: string): number {
    return this.allChildren.reduce((n, c) => n + (c.counts.get(msg) ?? 0), 0);
  }

  /** Warnings and errors logged, by message (restarts included). */
  problems(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const c of this.allChildren) for (const [k, v] of c.problems) out[k] = (out[k] ?? 0) + v;
    return out;
  }

  /** `/convrs <text>` typed by `user` in `channel`: signed like Slack, answer read at the response_url. */
  async slash(user: string, channel: string, text: string): Promise<string> {
    return slash(this.nextWeb(), this.slack, user, channel, text);
  }

  /**
   * A Slack event as Slack delivers it: signed, and retried (same event_id, x-slack-retry-num) when the answer is not a
   * 2xx — up to 3 retries, as Slack does. Each attempt goes to the next live web process.
   */
  async slackEvent(event: Record<string, unknown>): Promise<{ accepted: boolean; attempts: number }> {
    const eventId = `Ev${randomBytes(6).toString('hex')}`;
    const body = JSON.stringify({
      token: 'legacy',
      team_id: 'T0001',
      api_app_id: 'A0001',
      type: 'event_callback',
      event_id: eventId,
      event_time: Math.floor(Date.now() / 1000),
      event,
    });
    for (let attempt = 0; attempt <= 3; attempt++) {
      if (attempt) await new Promise((r) => setTimeout(r, 1000));
      const at = Math.floor(Date.now() / 1000);
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        'x-slack-request-timestamp': String(at),
        'x-slack-signature': `v0=${createHmac('sha256', SIGNING_SECRET).update(`v0:${at}:${body}`).digest('hex')}`,
      };
      if (attempt)
        Object.assign(headers, { 'x-slack-retry-num': String(attempt), 'x-slack-retry-reason': 'http_error' });
      const ok = await (this.originalFetch ?? fetch)(`${this.nextWeb()}/slack/events`, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.timeout(3000),
      }).then(
        async (r) => {
          await r.arrayBuffer();
          return r.ok;
        },
        () => false,
      );
      if (ok) return { accepted: true, attempts: attempt + 1 };
    }
    return { accepted: false, attempts: 4 };
  }

  async stop(): Promise<void> {
    if (this.originalFetch) globalThis.fetch = this.originalFetch;
    for (const p of [...this.procs].reverse()) await p.child.stop().catch(() => undefined);
    await cleanupAll(() => undefined);
    await this.sim.stop().catch(() => undefined);
    await this.slack.stop().catch(() => undefined);
    await this.redis.stop().catch(() => undefined);
    await this.pg.stop().catch(() => undefined);
  }

  private readonly allChildren: BenchChild[] = [];
  readonly logs: string[] = [];

  /** Writes what happened (every Slack call, every log line) under `dir`, for a failed test to point at. */
  dump(dir: string, label: string): string {
    mkdirSync(dir, { recursive: true });
    const base = join(dir, label.replace(/[^a-z0-9]+/gi, '-').slice(0, 60));
    const calls = this.slack.calls.map((x) =>
      JSON.stringify({
        at: x.at,
        method: x.method,
        status: x.status,
        error: x.error,
        channel: x.body.channel,
        thread_ts: x.body.thread_ts,
        ts: x.body.ts,
        tags: tagsIn(visibleText(x.body)).map((g) => g.tag),
        text: visibleText(x.body).slice(0, 200),
      }),
    );
    writeFileSync(`${base}.slack.jsonl`, calls.join('\n'));
    writeFileSync(`${base}.logs.jsonl`, this.logs.join('\n'));
    return base;
  }

  private async launch(p: Omit<Proc, 'child' | 'url'>): Promise<void> {
    const child = new BenchChild({ name: p.name, entry: 'src/main.ts', env: p.env });
    this.allChildren.push(child);
    // Every log line of every process, for the report of a failed run.
    const keep = (stream: string) => (d: Buffer) =>
      this.logs.push(
        ...d
          .toString()
          .split('\n')
          .filter(Boolean)
          .map((l) => `${p.name}${stream} ${l}`),
      );
    child.process.stdout!.on('data', keep(''));
    child.process.stderr!.on('data', keep(' [stderr]'));
    child.process.once('exit', (code, signal) => this.logs.push(`${p.name} exited: code ${code} signal ${signal}`));
    const proc: Proc = { ...p, child, url: p.role === 'web' ? `http://127.0.0.1:${p.env.PORT}` : undefined };
    this.procs.push(proc);
    await child.waitForLog(STARTED, 90_000);
    if (proc.url) await waitReady(proc.url);
  }

  /** The simulator posts its webhooks with this process's fetch: forward them to a live web process. */
  private installTap(): void {
    const original = (this.originalFetch = globalThis.fetch);
    globalThis.fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      if (!url.startsWith('http://convrs-webhook.chaos.invalid/')) return original(input, init);
      const target = new URL(url);
      let backend: URL;
      try {
        backend = new URL(this.nextWeb());
      } catch (e) {
        this.tapFailures++;
        throw e;
      }
      target.protocol = backend.protocol;
      target.host = backend.host;
      return original(target, init).catch((e: unknown) => {
        this.tapFailures++;
        throw e;
      });
    };
  }
}
