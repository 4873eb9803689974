// A redis-server of our own on a free loopback port, configured as the README tells operators to run it for BullMQ
// (append-only file, noeviction), so a chaos test can kill and restart it without disturbing anyone else.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { killOnExit } from '../../scripts/bench/cleanup';
import { freePort, redisAnswers } from '../../src/demo-redis';

export interface PrivateRedis {
  url: string;
  /** Kills the server with SIGKILL (a crash, not a clean shutdown), waits `downMs`, starts it again on the same port. */
  restart(opts?: { downMs?: number }): Promise<void>;
  stop(): Promise<void>;
}

/** `persist: false`: no append-only file, so a crash loses every job (the worst case the intake must survive). */
export async function startPrivateRedis(o: { persist?: boolean } = {}): Promise<PrivateRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'convrs-chaos-redis-'));
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        '--save',
        '',
        ...(o.persist === false ? ['--appendonly', 'no'] : ['--appendonly', 'yes', '--appendfsync', 'always']),
        '--maxmemory-policy',
        'noeviction',
      ],
      { stdio: 'ignore' },
    );
    await new Promise<void>((resolve, reject) => {
      child!.once('spawn', resolve);
      child!.once('error', reject);
    }).catch((e: Error) => {
      throw new Error(`could not start redis-server (${e.message}); install redis-server`);
    });
    for (let i = 0; i < 100; i++) {
      if (await redisAnswers(url)) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('a private redis-server did not start');
  };
  const kill = async () => {
    const c = child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const gone = new Promise((r) => c.once('exit', r));
    c.kill('SIGKILL');
    await gone;
  };
  await start();
  const unkill = killOnExit(() => child?.kill('SIGKILL'));
  return {
    url,
    restart: async ({ downMs = 0 } = {}) => {
      await kill();
      if (downMs) await new Promise((r) => setTimeout(r, downMs));
      await start();
    },
    stop: async () => {
      await kill();
      unkill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
