// Our bot under test: real bot processes (`dist/src/main.js`, compiled at the bench's start, with APP_ROLE=web and
// worker, as `npm start` runs them in production), PostgreSQL (or one SQLite process), BullMQ on Redis, Slack pointed
// at the fake; supervision set up through real slash commands.
import type { FakeSlack } from '../../test/fakes/slack-api';
import type { BenchParams } from './args';
import { BenchChild, runOnce } from './children';
import { freePort, freshDatabase, queuePrefix, type BenchDatabase, type BenchRedis } from './infra';
import { WATCHER_USER, type SupervisionPlan } from './plan';
import { BENCH_BOT_TOKEN, BENCH_SIGNING_SECRET, slash } from './slack-commands';
import { BENCH_UNIT, type BenchChat } from './traffic';
import type { SystemUnderTest, World } from './system';

const BOT_STARTED = 'convrs supervisor bot started';
const CHAT_SCORED = 'chat scored';
const MAIN = 'dist/src/main.js';

export async function startOurs(p: BenchParams, w: World, redis: BenchRedis): Promise<SystemUnderTest> {
  const db: BenchDatabase = await freshDatabase(p.db);
  const env: Record<string, string> = {
    DATABASE_URL: db.url,
    DB_MIGRATE: 'false',
    REDIS_URL: redis.url,
    QUEUE_PREFIX: queuePrefix(redis.url),
    CONVRS_API_URL: w.sim.apiUrl,
    CONVRS_API_TOKEN: w.convrsToken,
    CONVRS_EVENTS: 'webhook',
    CONVRS_WEBHOOK_SECRET: w.webhookSecret,
    SLACK_BOT_TOKEN: BENCH_BOT_TOKEN,
    SLACK_SIGNING_SECRET: BENCH_SIGNING_SECRET,
    SLACK_API_URL: w.slack.apiUrl,
    // A failed call goes back to the queue at once; the bench measures the design, not client-side retries.
    SLACK_API_RETRIES: '0',
    // Only what the bench measures: no Teams, no alerts channel, no admins from a local .env. (OPENAI_API_KEY does pass
    // through on purpose: with it the scorer calls the model and model_calls counts those calls.)
    TEAMS_ENABLED: 'false',
    MicrosoftAppId: '',
    SLACK_ALERTS_CHANNEL: '',
    ADMIN_EMAILS: '',
    // info carries the lines counted here ("chat scored") and nothing per message.
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
  };
  const keepScored = (l: { msg?: string }) => l.msg === CHAT_SCORED;
  const children: BenchChild[] = [];
  // With --cpu-prof, a folder per process: one .cpuprofile each (plain node has no loader thread writing a second).
  const bot = (name: string) => ({
    name,
    entry: MAIN,
    readyLog: BOT_STARTED,
    ...(p.cpuProf ? { nodeArgs: ['--cpu-prof', '--cpu-prof-dir', `${p.cpuProf}/${name}`] } : {}),
  });
  const webs: string[] = [];
  if (p.db === 'sqlite') {
    // SQLite is single-instance: web and workers share one process.
    const port = await freePort();
    children.push(
      new BenchChild(
        { ...bot('all-1'), env: { ...env, DB_MIGRATE: 'true', APP_ROLE: 'all', PORT: String(port) } },
        keepScored,
      ),
    );
    webs.push(`http://127.0.0.1:${port}`);
  } else {
    // Migrations once, before several processes start on the same database.
    await runOnce('migrations', 'dist/src/persistence/migrate-cli.js', { DATABASE_URL: db.url });
    for (let i = 1; i <= p.workers; i++)
      children.push(
        new BenchChild({ ...bot(`worker-${i}`), env: { ...env, APP_ROLE: 'worker', PORT: '0' } }, keepScored),
      );
    for (let i = 1; i <= p.web; i++) {
      const port = await freePort();
      children.push(
        new BenchChild({ ...bot(`web-${i}`), env: { ...env, APP_ROLE: 'web', PORT: String(port) } }, keepScored),
      );
      webs.push(`http://127.0.0.1:${port}`);
    }
  }
  await Promise.all(children.map((c) => c.waitForLog(BOT_STARTED, 90_000)));
  // Without workers /readyz rightly says 503 (nothing consumes the events queue): intake alone needs only /healthz.
  for (const url of webs) await waitReady(url, p.db === 'postgres' && p.workers === 0 ? '/healthz' : '/readyz');

  let nextWeb = 0;
  const anyWeb = () => webs[nextWeb++ % webs.length]!;
  return {
    label: 'ours',
    database: db,
    webhookBackends: webs,
    mirrors: p.db === 'sqlite' || p.workers > 0,
    children,
    setup: (plan, chats) => superviseAll(plan, chats, w.slack, anyWeb),
    scorerRuns: () => {
      const runs = children.flatMap((c) => c.kept);
      return { runs: runs.length, modelRuns: runs.filter((l) => l.source !== 'lexicon').length };
    },
    stop: async () => {
      for (const c of [...children].reverse()) await c.stop();
    },
  };
}

export async function waitReady(url: string, path = '/readyz'): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const ok = await fetch(`${url}${path}`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${url}${path} did not answer 200 within 30 s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Types the supervision commands, then waits until every thread has its root post and the setup posts have settled. */
async function superviseAll(
  plan: SupervisionPlan,
  chats: BenchChat[],
  slack: FakeSlack,
  anyWeb: () => string,
): Promise<{ complete: boolean }> {
  Object.assign(slack.emails, plan.emails);
  if (plan.dest === 'channel') {
    for (const channel of plan.channels)
      await command(
        () => slash(anyWeb(), slack, WATCHER_USER, channel, `watch bu:"${BENCH_UNIT}"`),
        /Watching|already watches/,
      );
  } else {
    // By Convrs conversation id: the bot takes it as well as its own C-refs, which the bench does not know.
    const jobs = plan.places.flatMap((places, chat) =>
      places.map(
        (pl) => () =>
          command(
            () => slash(anyWeb(), slack, pl.user!, pl.channel, `supervise ${chats[chat]!.conversationId}`),
            /Supervising|already supervise/,
          ),
      ),
    );
    await inParallel(jobs, 8);
  }
  return waitForThreads(plan, slack);
}

/** A command is retried while the bot answers something else (e.g. the chat is not known to it yet). */
async function command(send: () => Promise<string>, success: RegExp): Promise<void> {
  let last = '';
  for (let attempt = 0; attempt < 20; attempt++) {
    last = await send();
    if (success.test(last)) return;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`setup command kept failing; the bot answered: ${last.slice(0, 300)}`);
}

async function inParallel(jobs: Array<() => Promise<void>>, limit: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, jobs.length) }, async () => {
      while (next < jobs.length) await jobs[next++]!();
    }),
  );
}

/**
 * Threads start with their card and the chat's history: all of it must be out before the traffic starts, or the
 * measurement would include the setup's posts. A crowded channel needs ~2 s per thread at 1 post/s.
 */
async function waitForThreads(plan: SupervisionPlan, slack: FakeSlack): Promise<{ complete: boolean }> {
  const channels = [...new Set(plan.places.flat().map((pl) => pl.channel))];
  const deadline = Date.now() + 30_000 + 2_500 * plan.threadsPerChannel + 50 * plan.places.flat().length;
  const rootsPerChannel = () => {
    const n = new Map<string, number>();
    for (const m of slack.messages)
      if (!m.thread_ts && m.metadata?.event_type === 'convrs_thread') n.set(m.channel, (n.get(m.channel) ?? 0) + 1);
    return n;
  };
  for (
    let roots = rootsPerChannel();
    channels.some((c) => (roots.get(c) ?? 0) < plan.threadsPerChannel);
    roots = rootsPerChannel()
  ) {
    if (Date.now() > deadline) return { complete: false };
    await new Promise((r) => setTimeout(r, 200));
  }
  // Then quiet: no post and no refused call for 2.5 s means the history lines are out too. Refused calls count
  // because a 429 holds a destination for Retry-After (1 s) and the post that follows it may be a setup post. Card
  // edits do not: the scorer keeps editing cards (a few a second, paced) for as long as chats are open.
  const busy = () => slack.calls.filter((c) => c.method !== 'chat.update' || c.status !== 200).length;
  let seen = busy();
  let quietSince = Date.now();
  while (Date.now() - quietSince < 2_500) {
    if (Date.now() > deadline) return { complete: false };
    await new Promise((r) => setTimeout(r, 100));
    const now = busy();
    if (now !== seen) [seen, quietSince] = [now, Date.now()];
  }
  return { complete: true };
}
