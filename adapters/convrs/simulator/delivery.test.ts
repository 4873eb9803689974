// Webhook delivery to a local receiver: secret, order, retries, give-up, duplicates, shuffling, pausing.
import { defaultProfile } from '../profile';
import { startSimulator, type Simulator, type SimulatorOptions } from './server';
import { startReceiver, type Receiver } from './testkit';

const E = defaultProfile.events;
let rx: Receiver;
let sim: Simulator | undefined;
const start = async (o: Partial<SimulatorOptions> = {}) =>
  (sim = await startSimulator({ token: 't', traffic: false, webhookUrl: rx.url, webhookSecret: 's3cret', ...o }));
const ids = () => rx.received.map((r) => r.body.data.eventId);

beforeEach(async () => {
  rx = await startReceiver();
});
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
  await rx.close();
});

describe('simulator webhook delivery', () => {
  it('POSTs envelopes with the secret in the query, in order per conversation', async () => {
    const s = await start();
    const c = s.control.startChat({ businessUnit: 'Sales', agentEmail: 'ann.lee@acme.test', messages: 4 });
    await s.flush();
    expect(rx.received.every((r) => r.secret === 's3cret')).toBe(true);
    expect(rx.received.map((r) => r.body.cmd)).toEqual([
      E.conversationStart,
      E.message,
      E.message,
      E.message,
      E.conversationAssign,
      ...Array(5).fill(E.message),
    ]);
    expect(rx.received[0]!.body).toMatchObject({
      cmd: E.conversationStart,
      ok: 1,
      uid: c.uid,
      data: { conversationId: c.conversationId, eventId: expect.any(String) },
    });
    expect(new Set(ids()).size).toBe(10);
    expect(s.stats).toMatchObject({ emitted: 10, delivered: 10, failedAttempts: 0 });
  });

  it('retries after a 500 with backoff and delivers once', async () => {
    const s = await start();
    rx.failNext(2, 500);
    const t0 = Date.now();
    s.control.setAgentStatus('ann.lee@acme.test', 'Busy');
    await s.flush();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(280);
    expect(rx.received).toHaveLength(1);
    expect(rx.received[0]!.body).toMatchObject({
      cmd: E.agentStatus,
      data: { email: 'ann.lee@acme.test', status: 'Busy' },
    });
    expect(s.stats).toMatchObject({ delivered: 1, failedAttempts: 2, givenUp: 0 });
  });

  it('retries network errors and gives up after maxAttempts', async () => {
    const s = await start({ webhookUrl: 'http://127.0.0.1:9/hook', webhookRetry: { baseMs: 5, maxAttempts: 3 } });
    s.control.setAgentStatus('ann.lee@acme.test', 'Busy');
    await s.flush();
    expect(s.stats).toMatchObject({ delivered: 0, failedAttempts: 3, givenUp: 1 });
    s.control.setWebhook(rx.url, 's3cret');
    s.control.setAgentStatus('ann.lee@acme.test', 'Online');
    await s.flush();
    expect(rx.received.map((r) => r.body.data.status)).toEqual(['Online']);
  });

  it('delivers every event twice with duplicateRate 1', async () => {
    const s = await start({ duplicateRate: 1 });
    s.control.startChat({ messages: 2 });
    await s.flush();
    const emitted = s.stats.emitted;
    expect(rx.received).toHaveLength(emitted * 2);
    expect(s.stats.duplicatesSent).toBe(emitted);
    const counts = new Map<string, number>();
    for (const id of ids()) counts.set(id, (counts.get(id) ?? 0) + 1);
    expect([...counts.values()].every((n) => n === 2)).toBe(true);
    expect(counts.size).toBe(emitted);
  });

  it('shuffles within the window but delivers every event', async () => {
    const s = await start({ shuffleWindowMs: 150, seed: 5 });
    const order: string[] = [];
    const sink = s.state.sink;
    s.state.sink = (env) => (order.push(env.data.eventId), sink(env));
    s.control.startChat({ messages: 12 });
    await new Promise((r) => setTimeout(r, 50));
    expect(rx.received).toHaveLength(0);
    await s.flush();
    expect(ids()).not.toEqual(order);
    expect([...ids()].sort()).toEqual([...order].sort());
  });

  it('holds events while paused and sends them on resume', async () => {
    const s = await start();
    s.control.pauseDelivery();
    s.control.startChat();
    await s.flush();
    expect(rx.received).toHaveLength(0);
    s.control.resumeDelivery();
    await s.flush();
    expect(rx.received.length).toBe(s.stats.emitted);
    expect(rx.received[0]!.body.cmd).toBe(E.conversationStart);
  });

  it('stops cleanly while retries are pending', async () => {
    const s = await start({ webhookRetry: { baseMs: 10_000 } });
    rx.failNext(1);
    s.control.setAgentStatus('ann.lee@acme.test', 'Busy');
    const flushed = s.flush();
    await new Promise((r) => setTimeout(r, 50));
    await s.stop();
    await flushed;
    expect(s.stats.failedAttempts).toBe(1);
  });
});
