// JobQueues.events against real Redis: one apply job per shard, added in one round trip, folded as JobQueues.event's are.
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { shardOf } from '../core/drain-shard';
import { APPLY_GATHER_MS, DRAIN_SHARDS, EVENT_SHARDS, JobQueues } from './queues';
import { createRedis } from './redis';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

let redis: Redis;
const made: JobQueues[] = [];

const queuesOn = (opts: { applyDelayMs?: number } = {}) => {
  const q = new JobQueues(redis, `{t${randomBytes(4).toString('hex')}}`, 10_000, opts);
  made.push(q);
  return q;
};
const applyJobs = async (q: JobQueues) =>
  (await q.queues.events.getJobs(['waiting', 'delayed', 'prioritized']))
    .map((j) => ({ name: j.name, shard: (j.data as { shard: number }).shard, delay: j.opts.delay ?? 0 }))
    .sort((a, b) => a.shard - b.shard);

beforeAll(() => {
  redis = createRedis(REDIS_URL, 'queues-test');
});
afterAll(async () => {
  for (const q of made) {
    await q.queues.events.obliterate({ force: true }).catch(() => undefined);
    await q.close();
  }
  await redis.quit();
});

it('adds one apply job per shard of the ids, in one round trip, folded into the waiting job of a shard', async () => {
  const S = EVENT_SHARDS;
  const q = queuesOn({ applyDelayMs: 0 });
  await q.event(S * 5); // the scripts are loaded on this connection now
  const writes = jest.spyOn(redis.stream, 'write');
  const bulk = jest.spyOn(q.queues.events, 'addBulk');
  const ids = [1, S + 1, 2 * S + 1, 3 * S];
  try {
    await q.events(ids);
    expect(writes).toHaveBeenCalledTimes(1);
    expect(bulk).toHaveBeenCalledTimes(1);
    expect(bulk.mock.calls[0]![0]).toHaveLength(new Set(ids.map((id) => id % S)).size);
  } finally {
    writes.mockRestore();
  }
  const shards = [...new Set([0, ...ids.map((id) => id % S)])].sort((a, b) => a - b);
  expect(await applyJobs(q)).toEqual(shards.map((shard) => ({ name: 'apply', shard, delay: 0 })));
  // Shards that have a waiting job already: folded into it (deduplication, as JobQueues.event).
  await q.events([S + 1, 2 * S]);
  await q.event(4 * S + 1);
  expect((await applyJobs(q)).map((j) => j.shard)).toEqual(shards);
  await q.events([]);
  expect(bulk).toHaveBeenCalledTimes(3);
});

it('delays the apply jobs by applyDelayMs (APPLY_GATHER_MS by default)', async () => {
  const q = queuesOn({ applyDelayMs: 60_000 });
  await q.events([EVENT_SHARDS, EVENT_SHARDS + 1]);
  expect(await applyJobs(q)).toEqual([
    { name: 'apply', shard: 0, delay: 60_000 },
    { name: 'apply', shard: 1, delay: 60_000 },
  ]);
  const d = queuesOn();
  await d.events([EVENT_SHARDS]);
  expect(await applyJobs(d)).toEqual([{ name: 'apply', shard: 0, delay: APPLY_GATHER_MS }]);
});

it('wakes a drain shard once: a line due no earlier than its waiting job costs no Redis call; an earlier one brings it forward', async () => {
  const q = queuesOn();
  const dests = Array.from({ length: 40 }, (_, i) => `D${i}`);
  const [a, b] = dests.filter(
    (d) => shardOf('slack', d, DRAIN_SHARDS).index === shardOf('slack', dests[0]!, DRAIN_SHARDS).index,
  );
  const now = Date.now();
  await q.drain('slack', a!, new Date(now + 5_000));
  const writes = jest.spyOn(redis.stream, 'write');
  try {
    await q.drain('slack', b!, new Date(now + 5_020));
    await q.drain('slack', a!, new Date(now + 5_050));
    expect(writes).not.toHaveBeenCalled();
  } finally {
    writes.mockRestore();
  }
  const drains = async () => (await q.queues.drain.getJobs(['delayed', 'waiting'])).map((j) => j.data);
  expect(await drains()).toEqual([{ shard: shardOf('slack', a!, DRAIN_SHARDS).index }]);
  // A line due well before the waiting job: the job is brought forward (still one job).
  await q.drain('slack', b!, new Date(now + 1_000));
  const [job] = await q.queues.drain.getJobs(['delayed', 'waiting']);
  expect(job!.timestamp + (job!.delay ?? 0)).toBeLessThan(now + 2_000);
  expect(await drains()).toHaveLength(1);
  await q.queues.drain.obliterate({ force: true });
});
