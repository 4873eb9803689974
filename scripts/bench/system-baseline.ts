// The naive baseline under test: scripts/bench/baseline.ts (compiled with the bot at the bench's start) as one process,
// told the same supervision plan.
import type { BenchParams } from './args';
import { BenchChild } from './children';
import { freePort } from './infra';
import { BENCH_BOT_TOKEN } from './slack-commands';
import type { SystemUnderTest, World } from './system';

export async function startBaseline(_p: BenchParams, w: World): Promise<SystemUnderTest> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = new BenchChild({
    name: 'baseline-1',
    entry: 'dist/scripts/bench/baseline.js',
    readyLog: 'baseline started',
    env: {
      PORT: String(port),
      SLACK_BOT_TOKEN: BENCH_BOT_TOKEN,
      SLACK_API_URL: w.slack.apiUrl,
      CONVRS_WEBHOOK_SECRET: w.webhookSecret,
    },
  });
  await child.waitForLog('baseline started', 60_000);
  return {
    label: 'baseline',
    webhookBackends: [url],
    mirrors: true,
    children: [child],
    setup: async (plan, chats) => {
      // The equivalent of `supervise`/`watch`: the naive server only remembers where each chat goes.
      const routes = chats.map((c) => ({ conversationId: c.conversationId, places: plan.places[c.index] }));
      const r = await fetch(`${url}/bench/routes`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(routes),
      });
      if (!r.ok) throw new Error(`baseline refused the routes: HTTP ${r.status}`);
      return { complete: true };
    },
    scorerRuns: () => ({ runs: 0, modelRuns: 0 }),
    stop: () => child.stop(),
  };
}
