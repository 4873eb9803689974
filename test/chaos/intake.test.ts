// Durable intake under a Redis crash (issue #15 point 3): a Slack thread reply acknowledged by the real Bolt receiver
// (HTTP 200, valid signature) and then Redis SIGKILLed with no persistence, so every job it held is gone. The reply
// was stored before the 200, so the whisper reaches Convrs exactly once when Redis is back. Before the durable intake
// the reply lived only in its Redis job and was lost.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChaosCluster } from './cluster';
import { ChaosTraffic, type TrafficChat } from './traffic';

jest.setTimeout(240_000);

const CHANNEL = 'CCHAOSIN01';
let c: ChaosCluster;
let t: ChaosTraffic;
let chat: TrafficChat;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  c = await ChaosCluster.start({ webs: 1, workers: 1, redisPersist: false });
  t = new ChaosTraffic(c, [CHANNEL]);
  await t.watch();
  const chats = t.startChats(4);
  await t.send(chats, 8, 10);
  await t.settle(chats, Date.now() - 2000, 60_000);
  chat = chats.find((x) => x.hasAgent) ?? chats[0]!;
}, 180_000);

afterAll(async () => {
  await c?.stop();
});

async function whisperedOnce(reply: { ts: string; text: string }, label: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && t.whisperOutcome(chat, CHANNEL, reply).inConvrs < 1) await sleep(250);
  // Then long enough for a sweep or a stalled job to double it, if anything could.
  await sleep(8000);
  const outcome = t.whisperOutcome(chat, CHANNEL, reply);
  if (outcome.inConvrs !== 1)
    process.stderr.write(`chaos: details in ${c.dump(join(tmpdir(), 'convrs-chaos'), label)}.*\n`);
  expect(outcome).toEqual({ inConvrs: 1, acked: 1, told: 0 });
}

it('a reply acknowledged while no worker runs, then Redis crashed (no AOF) and restarted: whispered exactly once', async () => {
  await c.kill('worker-1', 'SIGKILL');
  const text = 'intake chaos: offer the refund (no worker)';
  const r = await t.reply(chat, CHANNEL, text);
  expect(r.accepted).toBe(true);
  // Right after the 200: its job (if it was queued yet) dies with Redis.
  await c.redis.restart({ downMs: 1000 });
  await c.restart('worker-1');
  await whisperedOnce({ ts: r.ts, text }, 'intake-no-worker');
});

it('a reply acknowledged with the worker running, Redis crashed at once and restarted: whispered exactly once', async () => {
  const text = 'intake chaos: offer the refund (worker running)';
  const r = await t.reply(chat, CHANNEL, text);
  expect(r.accepted).toBe(true);
  await c.redis.restart({ downMs: 2000 });
  await whisperedOnce({ ts: r.ts, text }, 'intake-worker-running');
});
