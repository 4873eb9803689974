// Readiness against a real Redis: a web-only process is ready only while some worker consumes the events queue.
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { Queue, Worker } from 'bullmq';
import IORedis, { type Redis } from 'ioredis';
import pino from 'pino';
import { createMetrics } from '../http/metrics';
import { createHttpApp, listen } from '../http/server';
import { checkReadiness, type ReadinessSources } from './readiness';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `{r${randomBytes(4).toString('hex')}}`;
let redis: Redis;
let events: Queue;
const workers: Worker[] = [];
const connections: Redis[] = [];

const dbUp = async () => undefined;
const sources = (over: Partial<ReadinessSources> = {}): ReadinessSources => ({
  pingDatabase: dbUp,
  redis,
  eventsQueue: events,
  timeoutMs: 300,
  ...over,
});
const until = async (cond: () => Promise<boolean>, ms = 3000) => {
  const t0 = Date.now();
  while (!(await cond())) {
    if (Date.now() - t0 > ms) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
};
const startWorker = (name: string) => {
  const connection = new IORedis(REDIS_URL, { maxRetriesPerRequest: null });
  const w = new Worker(name, async () => undefined, { connection, prefix });
  workers.push(w);
  connections.push(connection);
  return w;
};

beforeAll(() => {
  redis = new IORedis(REDIS_URL, { maxRetriesPerRequest: null });
  events = new Queue('events', { connection: redis, prefix });
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.close()));
  await events.close();
  await Promise.all([redis, ...connections].map((c) => c.quit()));
});

it('web-only: not ready without an events worker, ready once one connects (our prefix), not ready after it leaves', async () => {
  expect(await checkReadiness(sources())).toEqual({
    ok: false,
    checks: { database: true, redis: true, workers: false },
  });
  const other = startWorker('drain');
  await other.waitUntilReady();
  expect((await checkReadiness(sources())).checks.workers).toBe(false);
  const w = startWorker('events');
  await until(async () => (await checkReadiness(sources())).ok);
  await w.close();
  await until(async () => !(await checkReadiness(sources())).ok);
});

it('with local workers: their state decides, without asking Redis who else consumes', async () => {
  expect(await checkReadiness(sources({ localWorkers: { running: () => true } }))).toEqual({
    ok: true,
    checks: { database: true, redis: true, workers: true },
  });
  expect((await checkReadiness(sources({ localWorkers: { running: () => false } }))).checks.workers).toBe(false);
});

it('reports a hanging database and a hanging Redis, within the timeout', async () => {
  // A server that accepts connections and never answers: both pings hang.
  const accepted: net.Socket[] = [];
  const silent = net.createServer((socket) => accepted.push(socket));
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  const hung = new IORedis({
    port: (silent.address() as net.AddressInfo).port,
    host: '127.0.0.1',
    maxRetriesPerRequest: null,
    enableReadyCheck: false,
  });
  const t0 = Date.now();
  const r = await checkReadiness(sources({ pingDatabase: () => new Promise(() => undefined), redis: hung }));
  expect(r).toEqual({ ok: false, checks: { database: false, redis: false, workers: false } });
  expect(Date.now() - t0).toBeLessThan(1500);
  hung.disconnect();
  for (const socket of accepted) socket.destroy();
  await new Promise((r) => silent.close(r));
});

it('GET /readyz answers 503 with the checks when not ready', async () => {
  const server = await listen(
    createHttpApp({
      routers: [],
      metrics: createMetrics(),
      log: pino({ level: 'silent' }),
      ready: () => checkReadiness(sources()),
    }),
    0,
    '127.0.0.1',
  );
  try {
    const address = server.address() as { port: number };
    const res = await fetch(`http://127.0.0.1:${address.port}/readyz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ ok: false, checks: { database: true, redis: true, workers: false } });
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
});
