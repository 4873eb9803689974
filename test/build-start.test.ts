// `npm run build` then `npm start` as an operator runs them: the compiled JavaScript starts with plain node (no tsx),
// migrates a fresh SQLite database, answers /healthz and exits 0 on SIGTERM. Built into a temp folder laid out like
// the repository (dist/, scripts/run-dist.js, node_modules), so the repository's own dist/ is never touched.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  realpathSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { REDIS_URL } from './harness';

jest.setTimeout(120_000);

const ROOT = resolve(__dirname, '..');

const freePort = () =>
  new Promise<number>((ok) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
  });

describe('the production build', () => {
  let dir: string;
  let bot: ChildProcess | undefined;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'convrs-build-'));
    mkdirSync(join(dir, 'scripts'));
    copyFileSync(join(ROOT, 'scripts', 'run-dist.js'), join(dir, 'scripts', 'run-dist.js'));
    symlinkSync(realpathSync(join(ROOT, 'node_modules')), join(dir, 'node_modules'), 'dir');
  });

  afterAll(async () => {
    if (bot && bot.exitCode === null && bot.signalCode === null) {
      bot.kill('SIGKILL');
      await new Promise((r) => bot!.once('exit', r));
    }
    rmSync(dir, { recursive: true, force: true });
  });

  // Only what the processes need: no Slack, Teams or OpenAI settings from the developer's environment or a .env (the
  // working directory is the temp folder, so dotenv finds none).
  const env = (extra: Record<string, string>) => ({
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dir,
    ...extra,
  });

  it('says to build first when dist/ is missing', () => {
    const run = spawnSync(process.execPath, ['scripts/run-dist.js', 'src/main.js'], {
      cwd: dir,
      env: env({}),
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('dist/src/main.js is missing');
    expect(run.stderr).toContain('npm run build');
  });

  it('builds, starts from dist/ with plain node, answers /healthz and exits 0 on SIGTERM', async () => {
    const build = spawnSync('npm', ['run', '-s', 'build', '--', '--outDir', join(dir, 'dist')], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(`${build.stdout}${build.stderr}`.trim()).toBe('');
    expect(build.status).toBe(0);
    for (const f of [
      'src/main.js',
      'src/main.js.map',
      'src/persistence/migrate-cli.js',
      'src/purge-cli.js',
      'migrations/index.js',
    ])
      expect(existsSync(join(dir, 'dist', f))).toBe(true);
    // Neither tests nor their helpers are part of it.
    for (const f of ['test', 'scripts', 'src/config.test.js', 'adapters/teams/render/test-cards.js'])
      expect(existsSync(join(dir, 'dist', f))).toBe(false);

    // A source file newer than the build: it still starts, and says so.
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'src', 'config.ts'), '// edited after the build\n');
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(dir, 'src', 'config.ts'), later, later);

    const port = await freePort();
    // What `npm start` runs (node scripts/run-dist.js src/main.js), without npm in between so the signal reaches it.
    bot = spawn(process.execPath, ['scripts/run-dist.js', 'src/main.js'], {
      cwd: dir,
      env: env({
        APP_ROLE: 'web',
        PORT: String(port),
        DATABASE_URL: `sqlite:${join(dir, 'data', 'bot.sqlite')}`,
        REDIS_URL,
        QUEUE_PREFIX: `{build${randomBytes(3).toString('hex')}}`,
        CONVRS_WEBHOOK_SECRET: 'build-test',
        LOG_LEVEL: 'info',
      }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    bot.stdout!.on('data', (d) => (out += d));
    bot.stderr!.on('data', (d) => (err += d));
    const exited = new Promise<number | null>((r) => bot!.once('exit', (code) => r(code)));

    const deadline = Date.now() + 30_000;
    let status = 0;
    while (status !== 200) {
      if (bot.exitCode !== null) throw new Error(`the bot exited with ${bot.exitCode}: ${err}${out.slice(-1000)}`);
      if (Date.now() > deadline) throw new Error(`/healthz did not answer 200 within 30 s: ${err}${out.slice(-1000)}`);
      status = await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (r) => r.status,
        () => 0,
      );
      if (status !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(out).toContain('convrs supervisor bot started');
    expect(err).toContain('warning: dist/ is older than 1 source file(s) (src/config.ts)');

    bot.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(err).not.toMatch(/error|failed/i);
  });
});
