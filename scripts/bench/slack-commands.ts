// Supervisors typing `/convrs …` in Slack: signed slash-command requests to the bot, answers read at the fake's
// response_url. (The same signing as test/slack-harness.ts, kept here so the bench does not start a test harness.)
import { createHmac, randomBytes } from 'node:crypto';
import type { FakeSlack } from '../../test/fakes/slack-api';
import { visibleText } from './ledger';

export const BENCH_SIGNING_SECRET = 'bench-signing-secret';
export const BENCH_BOT_TOKEN = 'xoxb-bench-token';

function sign(body: string, secret: string): Record<string, string> {
  const at = Math.floor(Date.now() / 1000);
  return {
    'x-slack-request-timestamp': String(at),
    'x-slack-signature': `v0=${createHmac('sha256', secret).update(`v0:${at}:${body}`).digest('hex')}`,
  };
}

/** Sends `/convrs <text>` as `user` in `channel` and returns the text of the bot's answer (or throws after `timeoutMs`). */
export async function slash(
  botUrl: string,
  slack: FakeSlack,
  user: string,
  channel: string,
  text: string,
  timeoutMs = 30_000,
): Promise<string> {
  const responseId = `resp${randomBytes(6).toString('hex')}`;
  const body = new URLSearchParams({
    token: 'legacy',
    team_id: 'T0001',
    team_domain: 'acme',
    channel_id: channel,
    channel_name: 'bench',
    user_id: user,
    user_name: user.toLowerCase(),
    command: '/convrs',
    text,
    api_app_id: 'A0001',
    is_enterprise_install: 'false',
    response_url: `${slack.url}/response/${responseId}`,
    trigger_id: `trig${randomBytes(6).toString('hex')}`,
  }).toString();
  const r = await fetch(`${botUrl}/slack/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...sign(body, BENCH_SIGNING_SECRET) },
    body,
  });
  await r.arrayBuffer();
  if (r.status !== 200) throw new Error(`/convrs ${text} answered HTTP ${r.status}`);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = slack.responses.find((x) => x.path === responseId);
    if (answer) return visibleText(answer.body as { text?: unknown; blocks?: unknown });
    if (Date.now() > deadline) throw new Error(`no answer to /convrs ${text} within ${timeoutMs} ms`);
    await new Promise((res) => setTimeout(res, 50));
  }
}
