// POST /convrs/webhook on PostgreSQL and Redis: deliveries that arrive together are stored with one insert and wake the
// appliers once; duplicates are told apart by key within and across batches; a failed insert answers 503 to every
// delivery of its batch, and the redelivery loses nothing.
import type { DataSource } from 'typeorm';
import type { Conversation } from '../adapters/convrs/simulator';
import type { NewInboxEvent } from '../src/core/ports';
import { ask, countRows, customerMessage, openSideDb } from './flow-helpers';
import { mirrored, SECRET, startHarness, waitFor, type Harness } from './harness';

// Wide enough that concurrent requests of the test always meet in one batch, even on a busy machine.
const WINDOW_MS = 400;

let h: Harness;
let side: DataSource;
let conv: Conversation;
let threadId: number;
let seq = 0;

interface Insert {
  keys: string[];
  result?: { id: number; fresh: boolean }[];
  error?: string;
}
const inserts: Insert[] = [];
const wakes: number[][] = [];
let failNextInsert = false;

/** A valid onMessage envelope for the watched chat (fresh ids and a later timestamp each time). */
function message(text: string) {
  const n = ++seq;
  return customerMessage(conv, `group_${n}`, text, Date.now() + n);
}
type Envelope = ReturnType<typeof message>;
const keyOf = (e: Envelope) => e.data.eventId;

async function post(body: Envelope | Envelope[]) {
  const res = await fetch(`${h.app.url}/convrs/webhook?secret=${SECRET}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as unknown };
}

/** Posts every delivery at once; answers their statuses and the inserts and wakes they caused. */
async function together(deliveries: (Envelope | Envelope[])[]) {
  const [i, w] = [inserts.length, wakes.length];
  const answers = await Promise.all(deliveries.map(post));
  return { statuses: answers.map((a) => a.status), inserts: inserts.slice(i), wakes: wakes.slice(w) };
}

const received = async (fresh: 'true' | 'false') =>
  (await h.app.metrics.eventsReceived.get()).values.find((v) => v.labels.type === 'message' && v.labels.fresh === fresh)
    ?.value ?? 0;

async function storedOnce(keys: string[]): Promise<void> {
  const rows = (await side.query(
    'SELECT event_key, COUNT(*) AS n FROM inbox WHERE event_key = ANY($1) GROUP BY event_key',
    [keys],
  )) as { event_key: string; n: string }[];
  expect(Object.fromEntries(rows.map((r) => [r.event_key, Number(r.n)]))).toEqual(
    Object.fromEntries(keys.map((k) => [k, 1])),
  );
}

async function mirroredOnce(texts: string[]): Promise<void> {
  await waitFor(`${texts.length} lines mirrored`, () => texts.every((t) => mirrored(h, threadId).includes(t)));
  expect(mirrored(h, threadId).filter((t) => texts.includes(t))).toEqual(texts);
}

beforeAll(async () => {
  h = await startHarness({ db: 'postgres', intake: { windowMs: WINDOW_MS } });
  side = await openSideDb(h);
  // Every batch the intake stores, and every wake it sends.
  const acceptMany = h.app.store.inbox.acceptMany;
  h.app.store.inbox.acceptMany = async (events: NewInboxEvent[]) => {
    const insert: Insert = { keys: events.map((e) => e.key) };
    inserts.push(insert);
    if (failNextInsert) {
      failNextInsert = false;
      insert.error = 'Connection terminated unexpectedly';
      throw new Error(insert.error);
    }
    insert.result = await acceptMany(events);
    return insert.result;
  };
  const events = h.app.jobs.events.bind(h.app.jobs);
  h.app.jobs.events = async (ids: number[]) => {
    wakes.push(ids);
    await events(ids);
  };
  conv = h.sim.control.startChat({ businessUnit: 'Sales', messages: 0 });
  const chat = await waitFor('chat stored', () => h.app.store.chats.byConversationId(conv.conversationId));
  expect((await ask(h, 'sam', 'watch bu:Sales')).text).toContain('Watching Sales');
  threadId = (
    await waitFor('team thread', async () =>
      (await h.app.store.threads.forChat(chat.id)).find((t) => t.kind === 'team'),
    )
  ).id;
  await h.sim.flush();
  // From here on every delivery comes from the test.
  h.sim.control.setWebhook(undefined, undefined);
}, 60_000);
afterAll(async () => {
  await side?.destroy();
  await h?.stop();
});

describe('group commit at the webhook intake (PostgreSQL)', () => {
  it('stores concurrent deliveries with one insert, in one batch, and wakes the appliers once', async () => {
    const bodies = Array.from({ length: 12 }, (_, i) => message(`together ${i}`));
    const r = await together(bodies);
    expect(r.statuses).toEqual(bodies.map(() => 200));
    expect(r.inserts).toHaveLength(1);
    const [insert] = r.inserts;
    expect([...insert!.keys].sort()).toEqual(bodies.map(keyOf).sort());
    expect(insert!.result!.every((a) => a.fresh)).toBe(true);
    // Ids follow the order the events reached the intake.
    const ids = insert!.result!.map((a) => a.id);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    expect(r.wakes).toEqual([ids]);
    await storedOnce(bodies.map(keyOf));
    await mirroredOnce(bodies.map((b) => b.data.text));
  });

  it('stores a delivery of several events as one batch when it comes alone', async () => {
    const batch = Array.from({ length: 5 }, (_, i) => message(`array ${i}`));
    const r = await together([batch]);
    expect(r.statuses).toEqual([200]);
    expect(r.inserts.map((i) => i.keys)).toEqual([batch.map(keyOf)]);
    expect(r.wakes).toEqual([r.inserts[0]!.result!.map((a) => a.id)]);
    await mirroredOnce(batch.map((b) => b.data.text));
  });

  it('tells duplicates apart within a batch and across batches: not fresh, the stored id, woken and shown once', async () => {
    const earlier = message('dup earlier');
    expect((await post(earlier)).status).toBe(200);
    const earlierId = inserts.at(-1)!.result![0]!.id;
    const [a, b, c] = [message('dup a'), message('dup b'), message('dup c')];
    const notFreshBefore = await received('false');
    // b comes in two deliveries of the batch; `earlier` was stored by an earlier batch.
    const r = await together([[a, b], [b, c], earlier]);
    expect(r.statuses).toEqual([200, 200, 200]);
    expect(r.inserts).toHaveLength(1);
    const byKey = new Map<string, { id: number; fresh: boolean }[]>();
    r.inserts[0]!.keys.forEach((k, i) => byKey.set(k, [...(byKey.get(k) ?? []), r.inserts[0]!.result![i]!]));
    expect(byKey.get(keyOf(earlier))).toEqual([{ id: earlierId, fresh: false }]);
    expect(byKey.get(keyOf(a))).toEqual([{ id: expect.any(Number), fresh: true }]);
    const [first, second] = byKey.get(keyOf(b))!;
    expect(first).toEqual({ id: expect.any(Number), fresh: true });
    expect(second).toEqual({ id: first!.id, fresh: false });
    expect(await received('false')).toBe(notFreshBefore + 2);
    // Only the fresh events wake their appliers.
    expect(r.wakes).toHaveLength(1);
    expect([...r.wakes[0]!].sort()).toEqual(
      [byKey.get(keyOf(a))![0]!.id, first!.id, byKey.get(keyOf(c))![0]!.id].sort(),
    );
    await storedOnce([earlier, a, b, c].map(keyOf));
    await mirroredOnce(['dup earlier', 'dup a', 'dup b', 'dup c']);
  });

  it('answers 503 to every delivery of a batch whose insert fails; their redelivery is stored and shown, each event once', async () => {
    const bodies = [
      message('lost? 0'),
      [message('lost? 1'), message('lost? 2')],
      message('lost? 3'),
      message('lost? 4'),
    ];
    const flat = bodies.flat();
    const inboxBefore = await countRows(side, 'inbox');
    failNextInsert = true;
    const failed = await together(bodies);
    expect(failed.statuses).toEqual([503, 503, 503, 503]);
    expect(failed.inserts).toHaveLength(1);
    expect([...failed.inserts[0]!.keys].sort()).toEqual(flat.map(keyOf).sort());
    expect(failed.wakes).toEqual([]);
    expect(await countRows(side, 'inbox')).toBe(inboxBefore);
    expect(
      (await h.app.metrics.eventsRejected.get()).values.find((v) => v.labels.reason === 'unavailable')?.value,
    ).toBe(4);

    // Convrs redelivers.
    const again = await together(bodies);
    expect(again.statuses).toEqual([200, 200, 200, 200]);
    expect(again.inserts).toHaveLength(1);
    expect(again.inserts[0]!.result!.every((a) => a.fresh)).toBe(true);
    await storedOnce(flat.map(keyOf));
    await mirroredOnce(flat.map((b) => b.data.text));
    // A second redelivery changes nothing.
    const third = await together(bodies);
    expect(third.statuses).toEqual([200, 200, 200, 200]);
    expect(third.inserts[0]!.result!.every((a) => !a.fresh)).toBe(true);
    expect(third.wakes).toEqual([]);
    await storedOnce(flat.map(keyOf));
  });
});
