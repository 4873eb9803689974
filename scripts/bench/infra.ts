// What a run needs around the bot: Redis (private by default), a fresh database, free ports, and their clean-up.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import IORedis, { type Redis } from 'ioredis';
import { Client } from 'pg';
import { freePort, redisAnswers } from '../../src/demo-redis';
import { QUEUE_NAMES } from '../../src/workers/queues';
import { deferCleanup, killOnExit } from './cleanup';

export { freePort };

/** Where fresh benchmark databases are created (the same server and trust setup the tests use). */
const PG_ADMIN_URL =
  process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

function redisClient(url: string): Redis {
  const r = new IORedis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    retryStrategy: () => null,
    connectTimeout: 2000,
  });
  r.on('error', () => undefined);
  return r;
}

export interface BenchRedis {
  url: string;
  pid?: number;
  version: string;
}

/**
 * A private redis-server makes `redis_ops` ours alone (the shared one also serves other people's tests) and keeps
 * a heavy run from disturbing them. Same settings BullMQ wants in production: no eviction, no persistence needed.
 */
export async function startRedis(choice: string): Promise<BenchRedis> {
  if (choice !== 'private') {
    if (!(await redisAnswers(choice))) throw new Error(`Redis does not answer at ${choice}`);
    return { url: choice, version: await redisVersion(choice) };
  }
  const port = await freePort();
  const child = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--maxmemory-policy',
      'noeviction',
    ],
    { stdio: 'ignore', detached: true },
  );
  const spawned = new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', reject);
  });
  await spawned.catch((e: Error) => {
    throw new Error(`could not start redis-server (${e.message}); install it or pass --redis redis://host:port`);
  });
  const unkill = killOnExit(() => child.kill('SIGKILL'));
  deferCleanup('private redis-server', async () => {
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode !== null ? r(undefined) : child.once('exit', r)));
    unkill();
  });
  const url = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 50 && !(await redisAnswers(url)); i++) await new Promise((r) => setTimeout(r, 100));
  if (!(await redisAnswers(url))) throw new Error('a private redis-server did not start');
  return { url, pid: child.pid, version: await redisVersion(url) };
}

async function redisVersion(url: string): Promise<string> {
  const r = redisClient(url);
  try {
    await r.connect();
    return /redis_version:(\S+)/.exec(await r.info('server'))?.[1] ?? 'unknown';
  } finally {
    r.disconnect();
  }
}

/** Redis's own count of commands it ran (INFO stats); the difference over a window is the run's Redis work. */
export async function redisCommandsProcessed(url: string): Promise<number> {
  const r = redisClient(url);
  try {
    await r.connect();
    return Number(/total_commands_processed:(\d+)/.exec(await r.info('stats'))?.[1] ?? NaN);
  } finally {
    r.disconnect();
  }
}

/** A unique BullMQ prefix per run; its queues and every other key under it are removed afterwards. */
export function queuePrefix(redisUrl: string): string {
  const prefix = `{bench${randomBytes(4).toString('hex')}}`;
  deferCleanup(`queues ${prefix}`, async () => {
    const connection = new IORedis(redisUrl, { maxRetriesPerRequest: null });
    connection.on('error', () => undefined);
    try {
      for (const name of QUEUE_NAMES) {
        const q = new Queue(name, { connection, prefix });
        await q.obliterate({ force: true }).catch(() => undefined);
        await q.close();
      }
      // Keys that are not queues (e.g. the Slack event de-duplication) share the prefix.
      let cursor = '0';
      do {
        const [next, keys] = await connection.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
        if (keys.length) await connection.del(...keys);
        cursor = next;
      } while (cursor !== '0');
    } finally {
      connection.disconnect();
    }
  });
  return prefix;
}

export interface BenchDatabase {
  url: string;
  kind: 'postgres' | 'sqlite';
  version: string;
}

export async function freshDatabase(kind: 'postgres' | 'sqlite'): Promise<BenchDatabase> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'convrs-bench-'));
    deferCleanup('sqlite database', () => rmSync(dir, { recursive: true, force: true }));
    return { url: `sqlite:${join(dir, 'bot.sqlite')}`, kind, version: 'better-sqlite3' };
  }
  const name = `convrs_bench_${process.pid}_${randomBytes(3).toString('hex')}`;
  const admin = new Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  let version = 'unknown';
  try {
    version = String((await admin.query('SHOW server_version')).rows[0]?.server_version ?? version);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  deferCleanup(`database ${name}`, async () => {
    const c = new Client({ connectionString: PG_ADMIN_URL });
    await c.connect();
    try {
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    } finally {
      await c.end();
    }
  });
  return { url: PG_ADMIN_URL.replace(/\/[^/]*$/, `/${name}`), kind, version: `PostgreSQL ${version}` };
}
