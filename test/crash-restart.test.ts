// A bot process SIGKILLed in the middle of traffic and restarted loses nothing and doubles nothing.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { startSimulator, type Simulator } from '../adapters/convrs/simulator';
import type { JournalEntry } from '../adapters/terminal/surface';
import { JobQueues } from '../src/workers/queues';
import { createRedis } from '../src/workers/redis';
import { REDIS_URL, SECRET, TOKEN, USERS, waitFor } from './harness';

jest.setTimeout(120_000);

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

function startBot(env: Record<string, string>): Promise<ChildProcess> {
  // One process (tsx as a loader, not its CLI, which would run the bot in a grandchild that SIGKILL misses).
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/fixtures/bot-child.ts'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`bot did not start: ${err}`)), 30_000);
    child.stdout!.on('data', (d: Buffer) => {
      if (d.toString().includes('READY')) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.on('exit', (code) => reject(new Error(`bot exited with ${code}: ${err}`)));
  });
}

function journal(path: string): JournalEntry[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as JournalEntry);
}

describe('SIGKILL in the middle of traffic', () => {
  let sim: Simulator;
  let bot: ChildProcess | undefined;
  let queues: JobQueues;
  const redis = createRedis(REDIS_URL, 'crash-test');

  afterAll(async () => {
    if (bot && bot.exitCode === null) {
      bot.kill('SIGKILL');
      await new Promise((r) => bot!.once('exit', r));
    }
    await sim?.stop();
    if (queues) {
      for (const q of Object.values(queues.queues)) await q.obliterate({ force: true }).catch(() => undefined);
      await queues.close();
    }
    await redis.quit();
  });

  it('mirrors every message exactly once, in order, across a kill and restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'convrs-crash-'));
    const port = await freePort();
    const prefix = `{crash${randomBytes(3).toString('hex')}}`;
    sim = await startSimulator({
      port: 0,
      token: TOKEN,
      seed: 5,
      traffic: false,
      webhookRetry: { baseMs: 100, maxAttempts: 100, timeoutMs: 2000 },
    });
    const env = {
      PORT: String(port),
      DATABASE_URL: `sqlite:${join(dir, 'bot.sqlite')}`,
      REDIS_URL,
      QUEUE_PREFIX: prefix,
      CONVRS_API_URL: sim.apiUrl,
      CONVRS_API_TOKEN: TOKEN,
      CONVRS_WEBHOOK_SECRET: SECRET,
      REORDER_WINDOW_MS: '100',
      LOG_LEVEL: 'warn',
      CHILD_JOURNAL: join(dir, 'journal.jsonl'),
      CHILD_USERS: JSON.stringify(USERS),
    };
    bot = await startBot(env);
    sim.control.setWebhook(`http://127.0.0.1:${port}/convrs/webhook`, SECRET);
    queues = new JobQueues(redis, prefix);
    await queues.command({
      kind: 'command',
      who: { surface: 'terminal', userId: 'sam', destination: 'wall' },
      text: 'watch bu:Sales',
      requestId: 'w1',
    });

    const chats = [0, 1, 2].map(() => sim.control.startChat({ businessUnit: 'Sales', messages: 0 }).conversationId);
    const sent = new Map<string, string[]>(chats.map((c) => [c, []]));
    const say = async (n: number) => {
      for (let i = 0; i < n; i++) {
        const c = chats[i % chats.length];
        const text = `${c} line ${sent.get(c)!.length + 1}`;
        sent.get(c)!.push(text);
        sim.control.say(c, 'customer', text);
        await new Promise((r) => setTimeout(r, 5));
      }
    };

    await say(120);
    // On a loaded machine the first process may still be starting: kill it only once it has posted.
    await waitFor(
      'the first process posting',
      () => journal(env.CHILD_JOURNAL).some((e) => / line \d+$/.test(e.texts.join('\n'))),
      30_000,
    );
    bot.kill('SIGKILL');
    await new Promise((r) => bot!.once('exit', r));
    await say(30); // delivered (retried by the simulator) once the bot is back
    bot = await startBot(env);
    await say(60);
    await sim.flush();

    const expected = [...sent.values()].reduce((n, l) => n + l.length, 0);
    const lines = await waitFor(
      'every line mirrored',
      () => {
        const got = journal(env.CHILD_JOURNAL)
          .flatMap((e) => e.texts)
          .filter((t) => / line \d+$/.test(t));
        return got.length >= expected ? got : undefined;
      },
      90_000,
    );
    await new Promise((r) => setTimeout(r, 1500));
    const final = journal(env.CHILD_JOURNAL)
      .flatMap((e) => e.texts)
      .filter((t) => / line \d+$/.test(t));
    expect(final.length).toBe(lines.length);
    for (const c of chats) expect(final.filter((t) => t.startsWith(`${c} `))).toEqual(sent.get(c));
    // Both processes posted: the kill really fell in the middle of the traffic.
    const pids = new Set(journal(env.CHILD_JOURNAL).map((e) => e.postId.split('-')[1]));
    expect(pids.size).toBe(2);
  });
});
