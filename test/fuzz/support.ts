// Support for the endpoint fuzz tests: log capture, "a 5xx needs a logged reason", queue settling, bounded HTTP calls.
import fc from 'fast-check';
import pino, { type Logger } from 'pino';
import type { App } from '../../src/app';
import type { SurfaceWork } from '../../src/core/intake';
import { QUEUE_NAMES, type QueueName } from '../../src/workers/queues';

export interface LogLine {
  level: number;
  msg?: string;
  err?: unknown;
  error?: unknown;
  [k: string]: unknown;
}

/** Lines that do not explain a 5xx: Bolt's own say that something failed, not what; the 3 s one is about a 404. */
const GENERIC = [
  'An unhandled error occurred while Bolt processed an event',
  'An unhandled error occurred after ack() called in a listener',
  'An incoming event was not acknowledged within 3 seconds. Ensure that the ack() argument is called in a listener.',
];

export interface LogCapture {
  lines: LogLine[];
  mark(): number;
  since(mark: number): LogLine[];
  /** A warn- or error-level line that says what went wrong (an err/error field or a specific message). */
  reasonSince(mark: number): LogLine | undefined;
}

/**
 * Captures the app's pino output in memory (nothing reaches stdout). The harness logger starts `silent`;
 * this swaps its destination (children made with child() inherit it) and then raises the level.
 */
export function captureLogs(log: Logger, level: pino.LevelWithSilent = 'warn'): LogCapture {
  const lines: LogLine[] = [];
  const holder = log as unknown as Record<symbol, unknown>;
  if (!holder[pino.symbols.streamSym]) throw new Error('captureLogs: no pino destination found');
  // Replace the destination itself (it may be process.stdout, which jest needs for its own output).
  holder[pino.symbols.streamSym] = {
    write(s: string) {
      for (const part of String(s).split('\n')) {
        if (!part.trim()) continue;
        try {
          lines.push(JSON.parse(part) as LogLine);
        } catch {
          lines.push({ level: 60, msg: part });
        }
      }
      return true;
    },
  };
  log.level = level;
  return {
    lines,
    mark: () => lines.length,
    since: (m) => lines.slice(m),
    reasonSince: (m) =>
      lines
        .slice(m)
        .find(
          (l) =>
            l.level >= 40 &&
            (l.err != null ||
              l.error != null ||
              (typeof l.msg === 'string' && l.msg.trim() !== '' && !GENERIC.includes(l.msg))),
        ),
  };
}

/** Records every request the inbound endpoints hand the intake (they call `intake.submit` at call time). */
export function recordCommandJobs(app: App): SurfaceWork[] {
  const seen: SurfaceWork[] = [];
  const original = app.intake.submit.bind(app.intake);
  app.intake.submit = async (work: SurfaceWork) => {
    seen.push(work);
    return original(work);
  };
  return seen;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function busy(app: App, names: readonly QueueName[]): Promise<number> {
  let n = 0;
  for (const name of names) {
    const c = await app.jobs.queues[name].getJobCounts(
      'waiting',
      'active',
      'delayed',
      'prioritized',
      'waiting-children',
    );
    n += Object.values(c).reduce((a, b) => a + (b ?? 0), 0);
  }
  return n;
}

/** Waits until the named queues have nothing waiting, running or delayed (twice in a row). */
export async function settle(app: App, names: readonly QueueName[] = ['commands'], timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let quiet = 0;
  while (quiet < 2) {
    if (Date.now() > deadline)
      throw new Error(
        `queues ${names.join(', ')} did not settle within ${timeoutMs} ms (${await busy(app, names)} jobs left)`,
      );
    if ((await busy(app, names)) === 0) quiet += 1;
    else {
      quiet = 0;
      await sleep(15);
    }
  }
}

/** Waits for every queue to drain and for `counters` (e.g. fake API call counts) to stop moving for `stableMs`. */
export async function quiesce(
  app: App,
  counters: () => number[] | Promise<number[]>,
  stableMs = 400,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    // Delayed jobs (score debounce, inactivity timers) are not activity: only what is waiting or running.
    let active = 0;
    for (const name of QUEUE_NAMES) {
      const c = await app.jobs.queues[name].getJobCounts('waiting', 'active', 'prioritized');
      active += Object.values(c).reduce((a, b) => a + (b ?? 0), 0);
    }
    const before = (await counters()).join(',');
    await sleep(stableMs);
    if (active === 0 && (await counters()).join(',') === before) return;
    if (Date.now() > deadline) throw new Error('the app did not go quiet');
  }
}

export interface Answer {
  status: number;
  text: string;
  ms: number;
  error?: string;
}

/** One HTTP request; never throws (a network error or a hang is reported as status -1 with the error). */
export async function request(
  url: string,
  init: RequestInit & { duplex?: 'half' },
  timeoutMs = 10_000,
): Promise<Answer> {
  const t0 = Date.now();
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    const text = await res.text();
    return { status: res.status, text, ms: Date.now() - t0 };
  } catch (e) {
    return {
      status: -1,
      text: '',
      ms: Date.now() - t0,
      error: `${(e as Error).name}: ${(e as Error).message}${(e as { cause?: Error }).cause ? ` (${(e as { cause?: Error }).cause!.message})` : ''}`,
    };
  }
}

/** The process still answers. */
export async function alive(baseUrl: string): Promise<boolean> {
  const r = await request(`${baseUrl}/healthz`, { method: 'GET' }, 5_000);
  return r.status === 200;
}

/** A response body may carry a reason, never a stack trace or a source path. */
export function looksLikeStackTrace(text: string): boolean {
  return /\n\s+at\s|\bat\s+\S+\s+\(|\bat\s+(?:\/|file:)|\.(?:ts|js):\d+|node_modules|\/work\//.test(text);
}

/** Throws (for fast-check to shrink on) when a 5xx came without a log line saying why, or the body shows internals. */
export function expectNo5xxWithoutReason(what: string, a: Answer, logs: LogCapture, mark: number): void {
  if (a.status === -1) throw new Error(`${what}: no answer (${a.error})`);
  if (a.status >= 500 && !logs.reasonSince(mark)) {
    const seen =
      logs
        .since(mark)
        .map((l) => `${l.level}:${l.msg}`)
        .join(' | ') || 'nothing';
    throw new Error(
      `${what}: HTTP ${a.status} without a logged reason (logged: ${seen}); body ${JSON.stringify(a.text.slice(0, 200))}`,
    );
  }
  if (looksLikeStackTrace(a.text)) throw new Error(`${what}: the response shows internals: ${a.text.slice(0, 300)}`);
}

/** Long generated strings would flood the report: every line of it is cut to this many characters. */
const REPORT_LINE_MAX = 1_500;

function shortReport<T>(details: fc.RunDetails<T>): void {
  if (!details.failed) return;
  const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  const lines = [...(fc.defaultReportMessage(details) ?? 'property failed').split('\n'), '', `Cause: ${cause}`];
  throw new Error(
    lines
      .map((l) =>
        l.length > REPORT_LINE_MAX
          ? `${l.slice(0, REPORT_LINE_MAX)} …(${l.length - REPORT_LINE_MAX} more characters)`
          : l,
      )
      .join('\n'),
  );
}

/**
 * fast-check's run settings for this file. The seed is printed on failure; FUZZ_SEED=<seed> (and FUZZ_PATH=<path>)
 * replays it, FUZZ_SCALE=<factor> runs more or fewer cases.
 */
export function runs<T>(numRuns: number): fc.Parameters<T> {
  const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
  const scale = process.env.FUZZ_SCALE ? Number(process.env.FUZZ_SCALE) : 1;
  return {
    numRuns: Math.max(1, Math.round(numRuns * scale)),
    ...(seed !== undefined && Number.isFinite(seed) ? { seed } : {}),
    ...(process.env.FUZZ_PATH ? { path: process.env.FUZZ_PATH } : {}),
    verbose: 0,
    asyncReporter: async (details: fc.RunDetails<T>) => shortReport(details),
  };
}
