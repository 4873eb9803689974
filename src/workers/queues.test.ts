// JobQueues.events against real Redis: one apply job per shard, added in one round trip, folded as JobQueues.event's are.
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { EVENT_SHARDS, JobQueues } from './queues';
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
  (await q.queues.events.getJobs(['waiting', 'delayed', 'prioritized'])).map((j) => ({ name: j.name, shard: (j.data as { shard: number }).shard, delay: j.opts.delay ?? 0 })).sort((a, b) => a.shard - b.shard);

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
  const q = queuesOn();
  await q.event(EVENT_SHARDS * 5); // the scripts are loaded on this connection now
  const writes = jest.spyOn(redis.stream, 'write');
  const bulk = jest.spyOn(q.queues.events, 'addBulk');
  try {
    await q.events([1, 2, 1 + EVENT_SHARDS, 3, 2 + EVENT_SHARDS * 7]);
    expect(writes).toHaveBeenCalledTimes(1);
    expect(bulk).toHaveBeenCalledTimes(1);
    expect(bulk.mock.calls[0]![0]).toHaveLength(3);
  } finally {
    writes.mockRestore();
  }
  expect(await applyJobs(q)).toEqual([0, 1, 2, 3].map((shard) => ({ name: 'apply', shard, delay: 0 })));
  // Shards that have a waiting job already: folded into it (deduplication, as JobQueues.event).
  await q.events([2, 3 + EVENT_SHARDS, 4]);
  await q.event(1 + EVENT_SHARDS * 2);
  expect((await applyJobs(q)).map((j) => j.shard)).toEqual([0, 1, 2, 3, 4]);
  await q.events([]);
  expect(bulk).toHaveBeenCalledTimes(3);
});

it('delays the apply jobs by applyDelayMs', async () => {
  const q = queuesOn({ applyDelayMs: 60_000 });
  await q.events([5, 6]);
  expect(await applyJobs(q)).toEqual([{ name: 'apply', shard: 5, delay: 60_000 }, { name: 'apply', shard: 6, delay: 60_000 }]);
});
