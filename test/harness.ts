// Test harness: the real app (express, BullMQ on real Redis, SQLite or PostgreSQL) + the Convrs simulator + a recording terminal surface.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import pino from 'pino';
import { Client } from 'pg';
import { startSimulator, type Simulator } from '../adapters/convrs/simulator';
import { TerminalSurface } from '../adapters/terminal/surface';
import { startApp, type App, type AppOptions } from '../src/app';
import { loadConfig } from '../src/config';
import type { Requester } from '../src/core/ports';

export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const TOKEN = 'test-token';
export const SECRET = 'test-secret';

/** Terminal users of the tests and the Convrs agents they map to (see the simulator population). */
export const USERS: Record<string, string> = {
  sam: 'sam.boss@acme.test',
  sue: 'sue.sales@acme.test',
  tom: 'tom.tech@acme.test',
  stranger: 'nobody@elsewhere.test',
};

export interface Harness {
  app: App;
  sim: Simulator;
  surface: TerminalSurface;
  databaseUrl: string;
  /** Stops the bot (not Redis, the database or the simulator) and starts a new one on the same state. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function freshDatabaseUrl(
  kind: 'sqlite' | 'postgres',
): Promise<{ url: string; drop: () => Promise<void> }> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'convrs-test-'));
    return { url: `sqlite:${join(dir, 'bot.sqlite')}`, drop: async () => undefined };
  }
  // A fresh database per test file keeps PostgreSQL runs independent.
  const name = `convrs_t_${process.pid}_${randomBytes(3).toString('hex')}`;
  const admin = new Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = PG_URL.replace(/\/[^/]*$/, `/${name}`);
  return {
    url,
    drop: async () => {
      const c = new Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export async function startHarness(
  opts: {
    db?: 'sqlite' | 'postgres';
    events?: 'webhook' | 'websocket';
    duplicateRate?: number;
    shuffleWindowMs?: number;
    env?: Record<string, string>;
    intake?: AppOptions['intake'];
  } = {},
): Promise<Harness> {
  const db = await freshDatabaseUrl(opts.db ?? 'sqlite');
  const sim = await startSimulator({
    port: 0,
    token: TOKEN,
    seed: 11,
    traffic: false,
    duplicateRate: opts.duplicateRate ?? 0,
    shuffleWindowMs: opts.shuffleWindowMs ?? 0,
  });
  const config = loadConfig({
    PORT: '0',
    DATABASE_URL: db.url,
    REDIS_URL,
    QUEUE_PREFIX: `{t${randomBytes(4).toString('hex')}}`,
    CONVRS_API_URL: sim.apiUrl,
    CONVRS_WS_URL: sim.wsUrl,
    CONVRS_API_TOKEN: TOKEN,
    CONVRS_EVENTS: opts.events ?? 'webhook',
    CONVRS_WEBHOOK_SECRET: SECRET,
    REORDER_WINDOW_MS: '100',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...opts.env,
  });
  const surface = new TerminalSurface({
    out: new PassThrough().resume(),
    users: { ...USERS },
    exportDir: mkdtempSync(join(tmpdir(), 'convrs-exports-')),
    record: true,
  });
  const start = () =>
    startApp(config, {
      surfaces: [surface],
      log: pino({ level: config.LOG_LEVEL }),
      sweepEveryMs: 500,
      intake: opts.intake,
    });
  const h: Harness = {
    app: await start(),
    sim,
    surface,
    databaseUrl: db.url,
    restart: async () => {
      await h.app.stop();
      h.app = await start();
      if ((opts.events ?? 'webhook') === 'webhook') sim.control.setWebhook(`${h.app.url}/convrs/webhook`, SECRET);
    },
    stop: async () => {
      await sim.stop();
      for (const q of Object.values(h.app.jobs.queues)) await q.obliterate({ force: true }).catch(() => undefined);
      await h.app.stop();
      await db.drop();
    },
  };
  if ((opts.events ?? 'webhook') === 'webhook') sim.control.setWebhook(`${h.app.url}/convrs/webhook`, SECRET);
  return h;
}

export const as = (user: keyof typeof USERS | string, destination = 'tty'): Requester => ({
  surface: 'terminal',
  userId: user,
  destination,
});

let requestSeq = 0;
/** Runs a command the way the demo does: through the commands queue and a worker. */
export async function command(h: Harness, user: string, text: string, destination = 'tty'): Promise<void> {
  await h.app.jobs.command({
    kind: 'command',
    who: as(user, destination),
    text,
    requestId: `r${++requestSeq}-${Date.now()}`,
  });
}

export async function waitFor<T>(
  what: string,
  fn: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v as T;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Replies shown to users so far (rendered text). */
export const replies = (h: Harness) =>
  h.surface.records.filter((r) => r.kind === 'reply' || r.kind === 'ack' || r.kind === 'file');

/** Mirrored message texts per thread, in the order they were posted. */
export function mirrored(h: Harness, threadId: number): string[] {
  return h.surface.records
    .filter((r) => r.kind === 'lines' && r.threadId === threadId)
    .flatMap((r) => r.lines!.map((l) => l.text));
}
