// The batch applier on a real SQLite store: a shard's rows in batches, a bounded run, failing rows set aside.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import type { Deps } from '../core/deps';
import { AppError } from '../core/errors';
import type { PlatformEvent } from '../core/events';
import type { Store } from '../core/ports';
import { openDatabase } from '../persistence/data-source';
import { createStore } from '../persistence/store';
import { eventApplier } from './apply-events';
import { EVENT_SHARDS } from './queues';

let dir: string;
let ds: DataSource;
let store: Store;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'convrs-apply-'));
  ds = await openDatabase(`sqlite:${path.join(dir, 'bot.sqlite')}`);
  store = createStore(ds, { clock: { now: () => new Date() } });
});
afterEach(async () => {
  await ds.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Accepts `n` events per shard; payload `{ n, fail? }`. Returns the ids of shard 0, oldest first. */
async function acceptEvents(perShard: number, fail: Record<number, 'retry' | 'never'> = {}): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < perShard * EVENT_SHARDS; i++) {
    const { id } = await store.inbox.accept(
      `ev-${i}`,
      'ignored',
      JSON.stringify({ n: i, fail: fail[i] }),
      `conv-${i % 3}`,
    );
    ids.push(id);
  }
  return ids.filter((id) => id % EVENT_SHARDS === 0);
}

function applier(o: { batch: number; maxBatches: number }) {
  const seen: number[] = [];
  const retried: number[] = [];
  /** Events whose cause of failure has gone (Convrs answers again). */
  const healed = new Set<number>();
  const decode = (payload: string): PlatformEvent => {
    const { n, fail } = JSON.parse(payload) as { n: number; fail?: 'retry' | 'never' };
    seen.push(n);
    if (fail === 'retry' && !healed.has(n)) throw new AppError('platform_unavailable', 'Convrs is not answering');
    if (fail === 'never') throw new AppError('bad_input', 'not an event we can apply');
    return { type: 'ignored' } as PlatformEvent;
  };
  const apply = eventApplier({
    deps: { store } as unknown as Deps,
    decode,
    log: pino({ level: 'silent' }),
    retryEvent: async (id) => void retried.push(id),
    ...o,
  });
  return { apply, seen, retried, healed };
}

it('applies a shard in batches, oldest first, stops after its share of batches and says more is left', async () => {
  const shard0 = await acceptEvents(5);
  const { apply } = applier({ batch: 2, maxBatches: 2 });
  expect(await apply.shard(0)).toEqual({ applied: 4, more: true });
  expect((await store.inbox.pending({ index: 0, of: EVENT_SHARDS }, 0, 100)).map((r) => r.id)).toEqual([shard0[4]]);
  expect(await apply.shard(0)).toEqual({ applied: 1, more: false });
  expect(await store.inbox.pending({ index: 0, of: EVENT_SHARDS }, 0, 100)).toEqual([]);
  // Other shards are untouched.
  expect(await store.inbox.pending({ index: 1, of: EVENT_SHARDS }, 0, 100)).toHaveLength(5);
  expect(await apply.shard(0)).toEqual({ applied: 0, more: false });
});

it('sends a row that failed for now to a retry of its own and sets aside one that never can; the batch goes on', async () => {
  // Ids start at 1, so shard 0 holds ids S, 2S, 3S, 4S (S = EVENT_SHARDS): events S-1, 2S-1, 3S-1 and 4S-1.
  const [retry, never] = [2 * EVENT_SHARDS - 1, 3 * EVENT_SHARDS - 1];
  const shard0 = await acceptEvents(4, { [retry]: 'retry', [never]: 'never' });
  const { apply, retried, healed } = applier({ batch: 10, maxBatches: 5 });
  expect(await apply.shard(0)).toEqual({ applied: 2, more: false });
  expect(retried).toEqual([shard0[1]]);
  const failed = await store.inbox.get(shard0[2]!);
  expect(failed).toMatchObject({ error: 'not an event we can apply' });
  expect(failed?.processedAt).toBeInstanceOf(Date);
  // The one to retry stays unprocessed, left to its own job: later batches do not try it again.
  expect(await store.inbox.get(shard0[1]!)).toMatchObject({ processedAt: null, error: 'Convrs is not answering' });
  expect(await store.inbox.pending({ index: 0, of: EVENT_SHARDS }, 0, 100)).toEqual([]);
  expect(await apply.shard(0)).toEqual({ applied: 0, more: false });
  expect(retried).toEqual([shard0[1]]);
  // Its own job applies it once Convrs answers (and clears the error).
  await expect(apply.one(shard0[1]!)).rejects.toThrow('Convrs is not answering');
  healed.add(retry);
  await apply.one(shard0[1]!);
  expect(await store.inbox.get(shard0[1]!)).toMatchObject({ error: null });
  expect((await store.inbox.get(shard0[1]!))?.processedAt).toBeInstanceOf(Date);
});

it('applies one row on its own, and leaves a processed row alone', async () => {
  const [first] = await acceptEvents(1);
  const { apply, seen } = applier({ batch: 10, maxBatches: 1 });
  await apply.one(first!);
  expect((await store.inbox.get(first!))?.processedAt).toBeInstanceOf(Date);
  await apply.one(first!);
  await apply.one(first! + 10_000);
  expect(seen).toHaveLength(1);
});
