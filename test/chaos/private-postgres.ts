// A throw-away PostgreSQL server of our own (initdb in a temp dir, a free loopback port), so a chaos test can really
// restart PostgreSQL without touching the shared server other tests use. Uses the installed server binaries.
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { killOnExit } from '../../scripts/bench/cleanup';
import { freePort } from '../../src/demo-redis';

export interface PrivatePostgres {
  url: string;
  /** `pg_ctl restart` (fast: open connections are cut, as in a real restart). */
  restart(opts?: { downMs?: number }): Promise<void>;
  stop(): Promise<void>;
}

function binDir(): string | undefined {
  try {
    const dir = execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim();
    if (existsSync(join(dir, 'initdb'))) return dir;
  } catch {
    /* pg_config is in the -dev package; look where Debian puts the server */
  }
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
  return versions.map((v) => join(root, v, 'bin')).find((d) => existsSync(join(d, 'initdb')));
}

/** initdb refuses to run as root: as root, the server runs as the `postgres` system user. */
function runAs(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const r = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const g = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error('running as root and there is no `postgres` user to run a private PostgreSQL as');
  return { uid: Number(r.stdout.trim()), gid: Number(g.stdout.trim()) };
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = binDir();
  if (!bin) throw new Error('PostgreSQL server binaries (initdb, pg_ctl) not found; install postgresql');
  const user = runAs();
  const dir = mkdtempSync(join(tmpdir(), 'convrs-chaos-pg-'));
  if (user) chownSync(dir, user.uid, user.gid);
  const data = join(dir, 'data');
  const port = await freePort();
  const run = (tool: string, args: string[]) => {
    const r = spawnSync(join(bin, tool), args, {
      encoding: 'utf8',
      uid: user?.uid,
      gid: user?.gid,
      cwd: dir,
      timeout: 60_000,
    });
    if (r.status !== 0) throw new Error(`${tool} failed: ${(r.stderr || r.stdout || '').trim().slice(-400)}`);
  };
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync', '--no-instructions']);
  const opts = `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c fsync=off -c max_connections=100`;
  const start = () => run('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-o', opts, '-w', '-t', '30', 'start']);
  const stopServer = (mode: 'fast' | 'immediate') => run('pg_ctl', ['-D', data, '-m', mode, '-w', '-t', '30', 'stop']);
  start();
  // pg_ctl detaches the server: stop it even if the test process ends without stop() (a failed or killed run).
  const unkill = killOnExit(() => {
    try {
      stopServer('immediate');
    } catch {
      /* already down */
    }
  });
  run('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', 'chaos']);
  let stopped = false;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/chaos`,
    restart: async ({ downMs = 0 } = {}) => {
      stopServer('fast');
      if (downMs) await new Promise((r) => setTimeout(r, downMs));
      start();
    },
    stop: async () => {
      if (stopped) return;
      stopped = true;
      try {
        stopServer('immediate');
      } catch {
        /* already down */
      }
      unkill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
