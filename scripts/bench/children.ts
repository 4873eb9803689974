// Child processes of a run (bot web/worker processes, the naive baseline server): started like `npm start`, watched
// through their JSON log lines, measured through /proc, and always stopped. The bench runs compiled JavaScript
// (`buildDist`, then `dist/….js` with plain node, as `npm start` does); a `.ts` entry runs through tsx (the chaos tests
// use this class on the sources).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { deferCleanup, killOnExit } from './cleanup';
import { sampleProcess, type ProcSample } from './proc-stats';

export const REPO_ROOT = join(__dirname, '..', '..');

export interface ChildOptions {
  /** Shown in results and errors, e.g. "web-1". */
  name: string;
  /** Entry relative to the repository root: `dist/….js` runs with plain node, `….ts` with tsx as a loader. */
  entry: string;
  env: Record<string, string>;
  /** Extra node flags (e.g. `--cpu-prof`), before the entry (and the loader). */
  nodeArgs?: string[];
  /** The log message that says the process is up: the time from spawn to it is `startupMs`. */
  readyLog?: string;
}

/** Node's arguments for an entry: TypeScript through tsx as a loader, JavaScript as it is. */
export function nodeArgsFor(entry: string, extra: string[] = []): string[] {
  // `node --import tsx` rather than the tsx CLI: the CLI runs the program in a second process, and /proc would then
  // measure the wrapper instead of the bot.
  return entry.endsWith('.ts') ? [...extra, '--import', 'tsx', entry] : [...extra, entry];
}

/**
 * Compiles what `npm run build` compiles, plus the baseline server, to dist/ (`tsconfig.bench.json`), every run: a
 * bench must never measure the code of an older build. Takes a few seconds; fails with tsc's output.
 */
export function buildDist(): void {
  const tsc = require.resolve('typescript/bin/tsc');
  try {
    execFileSync(process.execPath, [tsc, '-p', 'tsconfig.bench.json'], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
    });
  } catch (e) {
    const out = `${(e as { stdout?: string }).stdout ?? ''}${(e as { stderr?: string }).stderr ?? ''}`.trim();
    throw new Error(`the build failed (tsc -p tsconfig.bench.json): ${out.slice(-2000) || (e as Error).message}`);
  }
}

/** One log line of interest, as pino writes it. */
interface LogLine {
  level?: number;
  msg?: string;
  [k: string]: unknown;
}

export class BenchChild {
  readonly process: ChildProcess;
  /** Log lines by message (pino `msg`), e.g. "chat scored" → how many, with their fields when kept. */
  readonly counts = new Map<string, number>();
  readonly kept: LogLine[] = [];
  /** Warnings and errors the process logged (level ≥ 40): how many of each message (with its error, shortened). */
  readonly problems = new Map<string, number>();
  /** Milliseconds from spawn to the `readyLog` line (null until it is seen). */
  startupMs: number | null = null;
  private readonly spawnedAt = Date.now();
  private readonly lastProblems: string[] = [];
  private readonly stderrTail: string[] = [];
  private readonly waiters: Array<{ msg: string; resolve: () => void }> = [];
  private readonly stopCleanup: () => Promise<void>;
  private exited = false;

  constructor(
    readonly o: ChildOptions,
    private readonly keep: (line: LogLine) => boolean = () => false,
  ) {
    this.process = spawn(process.execPath, nodeArgsFor(o.entry, o.nodeArgs), {
      cwd: REPO_ROOT,
      env: { ...process.env, ...o.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group: a Ctrl-C in the terminal reaches only the bench, which then stops the children in order.
      detached: true,
    });
    const unkill = killOnExit(() => this.process.kill('SIGKILL'));
    this.process.once('exit', () => {
      this.exited = true;
      unkill();
    });
    createInterface({ input: this.process.stdout! }).on('line', (l) => this.onLine(l));
    createInterface({ input: this.process.stderr! }).on('line', (l) => {
      this.stderrTail.push(l);
      if (this.stderrTail.length > 20) this.stderrTail.shift();
    });
    this.stopCleanup = deferCleanup(`process ${o.name}`, () => this.terminate());
  }

  get pid(): number {
    return this.process.pid!;
  }

  sample(): ProcSample | null {
    return this.exited ? null : sampleProcess(this.pid);
  }

  /** Resolves when the process logs `msg`; rejects if it exits first or the time runs out. */
  waitForLog(msg: string, timeoutMs: number): Promise<void> {
    if (this.counts.get(msg)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const fail = (why: string) =>
        reject(
          new Error(
            `${this.o.name} ${why} before logging "${msg}"; stderr: ${this.stderrTail.slice(-5).join(' | ') || '(empty)'}; last problems: ${this.lastProblems.join(' | ') || '(none)'}`,
          ),
        );
      const timer = setTimeout(() => fail(`took more than ${timeoutMs} ms`), timeoutMs);
      this.process.once('exit', (code) => {
        clearTimeout(timer);
        fail(`exited with ${code}`);
      });
      this.waiters.push({
        msg,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }

  async stop(): Promise<void> {
    await this.stopCleanup();
  }

  private onLine(raw: string): void {
    if (process.env.BENCH_LOG_DIR)
      require('node:fs').appendFileSync(`${process.env.BENCH_LOG_DIR}/${this.o.name}.log`, raw + '\n');
    let line: LogLine;
    try {
      line = JSON.parse(raw) as LogLine;
    } catch {
      return;
    }
    const msg = String(line.msg ?? '');
    if (msg === this.o.readyLog && this.startupMs === null) this.startupMs = Date.now() - this.spawnedAt;
    this.counts.set(msg, (this.counts.get(msg) ?? 0) + 1);
    if (this.keep(line)) this.kept.push(line);
    if ((line.level ?? 0) >= 40) {
      const problem = `${msg}${line.err ? `: ${String(line.err).slice(0, 120)}` : ''}`;
      this.problems.set(problem, (this.problems.get(problem) ?? 0) + 1);
      this.lastProblems.push(problem);
      if (this.lastProblems.length > 5) this.lastProblems.shift();
    }
    for (const w of this.waiters.filter((x) => x.msg === msg)) {
      this.waiters.splice(this.waiters.indexOf(w), 1);
      w.resolve();
    }
  }

  /** SIGTERM (the bot's graceful shutdown), then SIGKILL if it is still there after 10 s. */
  private async terminate(): Promise<void> {
    if (this.exited) return;
    const gone = new Promise((r) => this.process.once('exit', r));
    this.process.kill('SIGTERM');
    const timer = setTimeout(() => this.process.kill('SIGKILL'), 10_000);
    await gone;
    clearTimeout(timer);
  }
}

/** Runs an entry to completion (e.g. migrations) and fails with its output if it fails. */
export async function runOnce(name: string, entry: string, env: Record<string, string>): Promise<void> {
  const child = spawn(process.execPath, nodeArgsFor(entry), {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const code = await new Promise<number | null>((r) => child.once('exit', r));
  if (code !== 0) throw new Error(`${name} failed (exit ${code}): ${out.trim().slice(-500)}`);
}
