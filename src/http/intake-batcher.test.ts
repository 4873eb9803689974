// The intake's group commit: which calls share a batch, what each caller hears, and in what order ids are given.
import type { NewInboxEvent } from '../core/ports';
import { IntakeBatcher, type Accepted } from './intake-batcher';

const ev = (key: string): NewInboxEvent => ({ key, type: 'message', payload: '{}', conversationId: 'c' });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A fake inbox: ids in call order, keys once; `hold` keeps inserts in flight until released. */
function fakeInbox() {
  const byKey = new Map<string, number>();
  let next = 1;
  const inbox = {
    batches: [] as string[][],
    wakes: [] as number[][],
    /** Fails the insert of batches starting with this key. */
    failFrom: undefined as string | undefined,
    failWake: undefined as Error | undefined,
    gate: undefined as Promise<void> | undefined,
    acceptMany: async (events: NewInboxEvent[]): Promise<Accepted[]> => {
      inbox.batches.push(events.map((e) => e.key));
      if (inbox.gate) await inbox.gate;
      if (events[0]!.key === inbox.failFrom) throw new Error('connection terminated');
      return events.map(({ key }) => {
        const id = byKey.get(key);
        if (id !== undefined) return { id, fresh: false };
        byKey.set(key, next);
        return { id: next++, fresh: true };
      });
    },
    wake: async (ids: number[]) => {
      inbox.wakes.push(ids);
      const fail = inbox.failWake;
      inbox.failWake = undefined;
      if (fail) throw fail;
    },
    hold() {
      let release!: () => void;
      inbox.gate = new Promise<void>((r) => (release = r));
      return () => {
        inbox.gate = undefined;
        release();
      };
    },
  };
  return inbox;
}

it('stores calls made within the window as one batch, answers each caller its own id in call order, wakes once', async () => {
  const inbox = fakeInbox();
  const b = new IntakeBatcher({ ...inbox, windowMs: 20 });
  const first = b.accept(ev('a'));
  await sleep(5);
  const rest = [b.accept(ev('b')), b.accept(ev('a')), b.accept(ev('c'))];
  expect(inbox.batches).toEqual([]);
  expect(await Promise.all([first, ...rest])).toEqual([
    { id: 1, fresh: true },
    { id: 2, fresh: true },
    { id: 1, fresh: false },
    { id: 3, fresh: true },
  ]);
  expect(inbox.batches).toEqual([['a', 'b', 'a', 'c']]);
  expect(inbox.wakes).toEqual([[1, 2, 3]]);
  await b.close();
});

it('waits no longer than the window for the first event of a batch', async () => {
  const inbox = fakeInbox();
  const b = new IntakeBatcher({ ...inbox, windowMs: 30 });
  const started = Date.now();
  await b.accept(ev('a'));
  const took = Date.now() - started;
  expect(took).toBeGreaterThanOrEqual(25);
  expect(took).toBeLessThan(1000);
  await b.accept(ev('b'));
  expect(inbox.batches).toEqual([['a'], ['b']]);
});

it('sends a batch as soon as it is full, without waiting for the window', async () => {
  const inbox = fakeInbox();
  const b = new IntakeBatcher({ ...inbox, windowMs: 60_000, maxBatch: 3 });
  const got = await Promise.all(['a', 'b', 'c'].map((k) => b.accept(ev(k))));
  expect(got.map((g) => g.id)).toEqual([1, 2, 3]);
  expect(inbox.batches).toEqual([['a', 'b', 'c']]);
  // One more waits for the window (or close, which sends it at once).
  const late = b.accept(ev('d'));
  await sleep(20);
  expect(inbox.batches).toHaveLength(1);
  await b.close();
  expect(await late).toEqual({ id: 4, fresh: true });
});

it('gathers the next batch while one insert is in flight, one insert at a time, ids in call order', async () => {
  const inbox = fakeInbox();
  const b = new IntakeBatcher({ ...inbox, windowMs: 0, maxBatch: 2 });
  const release = inbox.hold();
  const all = [b.accept(ev('a'))];
  await sleep(10);
  expect(inbox.batches).toEqual([['a']]);
  for (const k of ['b', 'c', 'd', 'e', 'f']) all.push(b.accept(ev(k)));
  await sleep(10);
  // Still only the first insert: the rest wait for it.
  expect(inbox.batches).toEqual([['a']]);
  release();
  expect((await Promise.all(all)).map((a) => a.id)).toEqual([1, 2, 3, 4, 5, 6]);
  expect(inbox.batches).toEqual([['a'], ['b', 'c'], ['d', 'e'], ['f']]);
  expect(inbox.wakes).toEqual([[1], [2, 3], [4, 5], [6]]);
});

it('rejects every caller of a failed batch, and only those; a retry of the same keys then succeeds', async () => {
  const inbox = fakeInbox();
  const b = new IntakeBatcher({ ...inbox, windowMs: 0, maxBatch: 2 });
  const release = inbox.hold();
  const ok = b.accept(ev('a'));
  await sleep(5);
  const failing = [b.accept(ev('b')), b.accept(ev('c'))];
  const after = b.accept(ev('d'));
  // The second batch (b, c) fails; the first (a) and the third (d) are not affected.
  inbox.failFrom = 'b';
  release();
  const outcomes = await Promise.allSettled([ok, ...failing, after]);
  expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
  expect((outcomes[1] as PromiseRejectedResult).reason).toEqual(new Error('connection terminated'));
  expect(inbox.batches).toEqual([['a'], ['b', 'c'], ['d']]);
  expect(inbox.wakes).toEqual([[1], [2]]);
  // Redelivery: both stored now, nothing lost.
  inbox.failFrom = undefined;
  expect(await Promise.all([b.accept(ev('b')), b.accept(ev('c')), b.accept(ev('d'))])).toEqual([
    { id: 3, fresh: true },
    { id: 4, fresh: true },
    { id: 2, fresh: false },
  ]);
});

it('rejects the callers of a batch whose wake fails (the events are stored: a redelivery finds them)', async () => {
  const inbox = fakeInbox();
  const b = new IntakeBatcher({ ...inbox, windowMs: 1 });
  inbox.failWake = new Error('Connection is closed.');
  const outcomes = await Promise.allSettled([b.accept(ev('a')), b.accept(ev('b'))]);
  expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
  expect(await b.accept(ev('a'))).toEqual({ id: 1, fresh: false });
  // Nothing fresh in a batch: no wake.
  expect(inbox.wakes).toEqual([[1, 2]]);
});

it('close() sends what waits at once and waits for every batch', async () => {
  const inbox = fakeInbox();
  const b = new IntakeBatcher({ ...inbox, windowMs: 60_000 });
  const p = b.accept(ev('a'));
  const started = Date.now();
  await b.close();
  expect(Date.now() - started).toBeLessThan(1000);
  expect(await p).toEqual({ id: 1, fresh: true });
});
