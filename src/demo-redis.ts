// The demo's Redis: REDIS_URL when it answers, else a private redis-server on a free port when one is installed.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import IORedis from 'ioredis';

/** Whether Redis answers PING at `url` (one quick try, no retries). */
export async function redisAnswers(url: string): Promise<boolean> {
  const r = new IORedis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1000 });
  r.on('error', () => undefined);
  try {
    await r.connect();
    return (await r.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    r.disconnect();
  }
}

/** A TCP port free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

export async function ensureRedis(url: string): Promise<{ url: string; child?: ChildProcess }> {
  if (await redisAnswers(url)) return { url };
  if (spawnSync('redis-server', ['--version']).status !== 0) {
    throw new Error(`Redis does not answer at ${url} and redis-server is not installed. Install it (apt-get install redis-server) or set REDIS_URL.`);
  }
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--maxmemory-policy', 'noeviction'], { stdio: 'ignore' });
  const privateUrl = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 50; i++) {
    if (await redisAnswers(privateUrl)) return { url: privateUrl, child };
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error('a private redis-server did not start');
}
