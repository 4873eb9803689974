// One measured run of one design: fake Slack + simulator + the design's processes, setup, traffic, drain, figures.
import { writeFileSync } from 'node:fs';
import { startSimulator } from '../../adapters/convrs/simulator';
import { FakeSlack } from '../../test/fakes/slack-api';
import type { BenchParams } from './args';
import { deferCleanup } from './cleanup';
import type { BenchRedis } from './infra';
import { PostLedger, visibleText } from './ledger';
import { planSupervision } from './plan';
import { resourcesAfter, resourcesBefore } from './resources';
import { summarize, type RunResult } from './results';
import { BENCH_BOT_TOKEN } from './slack-commands';
import { startBaseline } from './system-baseline';
import { startOurs } from './system-ours';
import type { SystemUnderTest, World } from './system';
import { TagBook, tagsIn } from './tags';
import { driveTraffic, startChats } from './traffic';
import { TAP_WEBHOOK_URL, WebhookTap } from './webhook-tap';

/** Slack's documented chat.postMessage budget per channel: about 1 per second, short bursts tolerated. */
export const SLACK_POST_RATE = { perSecond: 1, burst: 3 };
/** chat.update bursts the fake Slack tolerates when --update-budget is set. */
const SLACK_UPDATE_BURST = 10;
/** After everything is posted, wait this long more so late duplicates are counted too. */
const SETTLE_MS = 1_500;

export async function runScenario(
  p: BenchParams,
  label: 'ours' | 'baseline',
  redis: BenchRedis,
  progress: (msg: string) => void,
): Promise<RunResult> {
  const slack = await new FakeSlack(BENCH_BOT_TOKEN).start();
  const stopSlack = deferCleanup('fake Slack', () => slack.stop());
  slack.rate = { ...SLACK_POST_RATE };
  if (p.updateBudget > 0) slack.updateRate = { perMinute: p.updateBudget, burst: SLACK_UPDATE_BURST };
  const convrs = { token: 'bench-convrs-token', webhookSecret: 'bench-webhook-secret' };
  const sim = await startSimulator({
    port: 0,
    token: convrs.token,
    seed: p.seed,
    traffic: false,
    duplicateRate: p.duplicateRate,
    shuffleWindowMs: p.shuffleMs,
    webhookUrl: TAP_WEBHOOK_URL,
    webhookSecret: convrs.webhookSecret,
  });
  const world: World = { slack, sim, convrsToken: convrs.token, webhookSecret: convrs.webhookSecret };
  const stopSim = deferCleanup('Convrs simulator', () => sim.stop());

  progress(`${label}: starting processes`);
  const system: SystemUnderTest = label === 'ours' ? await startOurs(p, world, redis) : await startBaseline(p, world);
  const book = new TagBook();
  const tap = new WebhookTap(system.webhookBackends, (a) => book.accepted(a.body, a.sentAt, a.acceptedAt));
  tap.install();
  const uninstallTap = deferCleanup('webhook tap', () => tap.uninstall());

  progress(`${label}: starting ${p.chats} chats and their supervision (${p.dest})`);
  const setupStartedAt = Date.now();
  const chats = startChats(sim, p.chats);
  const plan = planSupervision(p, chats);
  const setup = system.mirrors ? await system.setup(plan, chats) : { complete: true };
  await sim.flush();
  const setupS = (Date.now() - setupStartedAt) / 1000;
  if (!setup.complete) progress(`${label}: setup did not finish in time; measuring anyway`);

  const before = await resourcesBefore(system, redis);
  const ledger = new PostLedger(slack, before.at);

  progress(`${label}: traffic ${p.rate}/s for ${p.durationS} s`);
  const traffic = await driveTraffic(sim, chats, book, p);
  progress(
    `${label}: sent ${traffic.sent} in ${((traffic.endedAt - traffic.startedAt) / 1000).toFixed(1)} s; draining`,
  );
  const expected = system.mirrors
    ? [...book.sent].flatMap(([tag, m]) => plan.places[m.chat]!.map((pl) => ({ tag, channel: pl.channel })))
    : [];
  // Intake-only runs post nothing: they wait until every message is accepted instead.
  const allAccepted = () => [...book.sent.values()].every((m) => m.acceptedAt !== undefined);
  const missing = await waitForDeliveries(
    ledger,
    expected,
    traffic.endedAt + p.drainTimeoutS * 1000,
    system.mirrors ? () => true : allAccepted,
  );
  const drainedAt = Date.now();
  await new Promise((r) => setTimeout(r, SETTLE_MS));
  ledger.scan();
  const after = await resourcesAfter(system, redis, before, drainedAt);
  const result = summarize({
    label,
    p,
    book,
    ledger,
    plan,
    traffic,
    expected,
    missing,
    system,
    webhook: { ...sim.stats },
    window: { before, after },
    setup: { seconds: setupS, complete: setup.complete },
  });

  if (p.dumpCalls) dumpCalls(slack, `${p.dumpCalls}-${label}.jsonl`, before.at);
  progress(`${label}: stopping`);
  await stopSim();
  await uninstallTap();
  await system.stop();
  await stopSlack();
  return result;
}

/** Polls the ledger until every (message, thread) pair is posted (and `alsoDone`) or the deadline passes; returns how many are missing. */
async function waitForDeliveries(
  ledger: PostLedger,
  expected: Array<{ tag: string; channel: string }>,
  deadline: number,
  alsoDone: () => boolean,
): Promise<number> {
  for (;;) {
    ledger.scan();
    const missing = expected.filter((e) => !ledger.delivery(e.tag, e.channel)).length;
    if ((missing === 0 && alsoDone()) || Date.now() > deadline) return missing;
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** One JSON line per call, times relative to the start of the traffic; tags carried, for following one message. */
function dumpCalls(slack: FakeSlack, file: string, t0: number): void {
  const lines = slack.calls.map((c) =>
    JSON.stringify({
      t: c.at - t0,
      method: c.method,
      status: c.status,
      error: c.error,
      channel: c.body.channel,
      thread: c.body.thread_ts,
      tags: tagsIn(visibleText(c.body)).map((t) => t.tag),
    }),
  );
  writeFileSync(file, `${lines.join('\n')}\n`);
}
