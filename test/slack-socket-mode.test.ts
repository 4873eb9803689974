// Slack over Socket Mode (SLACK_APP_TOKEN): the same requests as envelopes on the bot's own connection to a stand-in for
// Slack's endpoint (apps.connections.open, hello, acks, disconnect), answered through the fake Web API as over HTTP.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { startApp } from '../src/app';
import { ConfigError, loadConfig } from '../src/config';
import { FakeSlack } from './fakes/slack-api';
import { FakeSlackSocket } from './fakes/slack-socket';
import { REDIS_URL, SECRET, waitFor } from './harness';
import {
  SLACK_USERS,
  ask,
  buttonsOf,
  clickButton,
  dmOf,
  eventCallback,
  slash,
  startSlackHarness,
  textOf,
  threadReply,
  threadRoot,
  waitForResponse,
  type SlackHarness,
} from './slack-harness';

const sam = SLACK_USERS.sam;
const GENERAL = 'CGENERAL01';

describe('Slack over Socket Mode', () => {
  let h: SlackHarness;
  const socket = () => h.socket!;
  const whispers = () => h.sim.commandLog.filter((c) => c.cmd === 'SendWhisper');

  beforeAll(async () => {
    h = await startSlackHarness({ socketMode: true });
  }, 30_000);
  afterAll(async () => h?.stopAll());

  it('connects with the app-level token at start (apps.connections.open, then hello) and serves no /slack/events', async () => {
    expect(socket().opens).toEqual([expect.objectContaining({ ok: true })]);
    const open = h.slack.callsOf('apps.connections.open');
    expect(open).toHaveLength(1);
    expect(socket().openConnections).toBe(1);
    // No signing secret is configured, and nothing listens for Slack over HTTP.
    const r = await fetch(`${h.app.url}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"type":"url_verification","challenge":"x"}',
    });
    expect(r.status).toBe(404);
    const ready = await fetch(`${h.app.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as { checks: object }).checks).toMatchObject({ slack: true });
  });

  it('/convrs open: the envelope is acked and the answer goes to the response_url', async () => {
    const conv = h.sim.control.startChat({ businessUnit: 'Sales', messages: 1 });
    const chat = await waitFor('chat stored', () => h.app.store.chats.byConversationId(conv.conversationId));
    const { status, responseId } = await slash(h, sam, 'open bu:Sales');
    expect(status).toBe(200);
    const envelope = socket().sent.find((e) => e.type === 'slash_commands' && e.payload.text === 'open bu:Sales')!;
    expect(envelope.accepts_response_payload).toBe(true);
    // Acked with no response payload: the answer is a separate post, made by a worker.
    expect(socket().ackOf(envelope.envelope_id)).toEqual(expect.not.objectContaining({ payload: expect.anything() }));
    const answer = await waitForResponse(h, responseId);
    expect(textOf(answer)).toMatch(/Open chats \(\d+\)/);
    expect(textOf(answer)).toContain(chat.ref);
  }, 20_000);

  it('a Supervise button click works and opens the thread in the DM', async () => {
    const conv = h.sim.control.startChat({ businessUnit: 'Sales', messages: 2 });
    const chat = await waitFor('chat stored', () => h.app.store.chats.byConversationId(conv.conversationId));
    const list = await ask(h, sam, 'open bu:Sales', GENERAL);
    const button = buttonsOf(list.blocks).find((b) => b.value === `supervise ${chat.ref}`)!;
    expect(button).toBeDefined();
    const click = await clickButton(h, sam, button, { channel: GENERAL, ephemeral: true });
    expect(click.status).toBe(200);
    expect(
      socket()
        .sent.filter((e) => e.type === 'interactive')
        .slice(-1)[0].payload,
    ).toMatchObject({ type: 'block_actions' });
    expect(textOf(await waitForResponse(h, click.responseId))).toContain(`Supervising ${chat.ref}`);
    await threadRoot(h, dmOf(sam), chat.ref);
  }, 20_000);

  it('a thread reply becomes one whisper, even when Slack redelivers the envelope (retry_attempt 1)', async () => {
    const conv = h.sim.control.startChat({ businessUnit: 'Sales', messages: 2 });
    const chat = await waitFor('chat stored', () => h.app.store.chats.byConversationId(conv.conversationId));
    await ask(h, sam, `supervise ${chat.ref}`);
    const root = await threadRoot(h, dmOf(sam), chat.ref);
    const before = whispers().length;
    const reply = threadReply(sam, dmOf(sam), root.ts, 'ask for the order number');
    const first = socket().send('events_api', eventCallback(reply));
    expect(first).toMatchObject({ accepts_response_payload: false, retry_attempt: 0, retry_reason: '' });
    expect(await socket().waitForAck(first.envelope_id)).toBeDefined();
    // Slack's retry of the same event: a new envelope id, the same payload (event_id), retry_attempt 1.
    const retry = socket().redeliver(first);
    expect(retry).toMatchObject({ retry_attempt: 1, retry_reason: 'timeout', payload: first.payload });
    expect(await socket().waitForAck(retry.envelope_id)).toBeDefined();
    await waitFor('whisper sent', () => whispers().length > before);
    const reaction = await waitFor('✅', () =>
      h.slack.callsOf('reactions.add', true).find((c) => c.body.timestamp === reply.ts),
    );
    expect(reaction.body).toMatchObject({ channel: dmOf(sam), name: 'white_check_mark' });
    await new Promise((r) => setTimeout(r, 1000));
    expect(
      whispers()
        .slice(before)
        .map((w) => w.params),
    ).toEqual([{ conversationId: conv.conversationId, text: 'ask for the order number', by: 'sam.boss@acme.test' }]);
  }, 20_000);

  it('reconnects when Slack sends `disconnect` (a second apps.connections.open, a new hello), /readyz tells meanwhile, and keeps working', async () => {
    const opens = socket().opens.length;
    const old = socket().current!;
    socket().disconnect('refresh_requested');
    await waitFor('the old connection closed by the bot', () => old.closedAt);
    const down = await fetch(`${h.app.url}/readyz`);
    expect(down.status).toBe(503);
    expect(((await down.json()) as { checks: object }).checks).toMatchObject({
      slack: false,
      database: true,
      redis: true,
      workers: true,
    });
    // Bolt's client waits a few seconds before it reconnects.
    await waitFor('a second apps.connections.open', () => socket().opens.length > opens, 15_000);
    const fresh = await waitFor(
      'a new connection',
      () => (socket().current && socket().current !== old ? socket().current : undefined),
      15_000,
    );
    await waitFor('/readyz 200 again', async () => (await fetch(`${h.app.url}/readyz`)).status === 200);
    expect(socket().opens.slice(opens)).toEqual([expect.objectContaining({ ok: true })]);
    const { status, responseId } = await slash(h, sam, 'help');
    expect(status).toBe(200);
    expect(socket().acks.slice(-1)[0].connection).toBe(fresh.id);
    expect(textOf(await waitForResponse(h, responseId))).toMatch(/supervise/);
  }, 40_000);

  it('a dropped connection whose reconnect fails (apps.connections.open answers 500) is retried until it is back', async () => {
    const opens = socket().opens.length;
    const old = socket().current!;
    h.slack.failNext('apps.connections.open', 1, 500);
    socket().drop();
    await waitFor(
      'the failed apps.connections.open',
      () => h.slack.callsOf('apps.connections.open').some((c) => c.status === 500),
      15_000,
    );
    expect((await fetch(`${h.app.url}/readyz`)).status).toBe(503);
    const fresh = await waitFor(
      'a new connection',
      () => (socket().current && socket().current !== old ? socket().current : undefined),
      25_000,
    );
    expect(socket().opens.length).toBe(opens + 1);
    await waitFor('/readyz 200 again', async () => (await fetch(`${h.app.url}/readyz`)).status === 200);
    const { status, responseId } = await slash(h, sam, 'help');
    expect(status).toBe(200);
    expect(socket().acks.slice(-1)[0].connection).toBe(fresh.id);
    await waitForResponse(h, responseId);
  }, 45_000);
});

describe('Socket Mode start-up errors', () => {
  const base = (env: Record<string, string>) => ({
    PORT: '0',
    DATABASE_URL: `sqlite:${join(mkdtempSync(join(tmpdir(), 'convrs-socket-')), 'bot.sqlite')}`,
    REDIS_URL,
    QUEUE_PREFIX: `{s${Date.now().toString(36)}}`,
    CONVRS_API_URL: 'http://127.0.0.1:9/api',
    CONVRS_WEBHOOK_SECRET: SECRET,
    LOG_LEVEL: 'silent',
    SLACK_API_RETRIES: '0',
    ...env,
  });

  it('an app token that is not xapp- is listed with the other configuration problems, never echoed', () => {
    let err: ConfigError | undefined;
    try {
      loadConfig(
        base({ PORT: 'eighty', SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xoxb-pasted-in-the-wrong-place' }),
      );
    } catch (e) {
      err = e as ConfigError;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect(err!.problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^PORT:/),
        expect.stringMatching(
          /^SLACK_APP_TOKEN: expected an app-level token starting with xapp- \(this is a bot token.*connections:write/,
        ),
      ]),
    );
    expect(err!.message).not.toContain('pasted-in-the-wrong-place');
    expect(() => loadConfig(base({ SLACK_APP_TOKEN: 'xapp-1-A-1-x' }))).toThrow(
      /SLACK_BOT_TOKEN: Slack needs SLACK_BOT_TOKEN with SLACK_APP_TOKEN/,
    );
    // The signing secret is optional in Socket Mode.
    const c = loadConfig(base({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1-A-1-x' }));
    expect(c.slackEnabled).toBe(true);
  });

  it('Slack unreachable at start (apps.connections.open answers 500): the bot starts without it, not ready, and connects when it can', async () => {
    const slack = await new FakeSlack('xoxb-test-token').start();
    const socket = await new FakeSlackSocket(slack).start();
    slack.failNext('apps.connections.open', 1, 500);
    const app = await startApp(
      loadConfig(
        base({ SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_APP_TOKEN: socket.appToken, SLACK_API_URL: slack.apiUrl }),
      ),
      { log: pino({ level: 'silent' }) },
    );
    try {
      const down = await fetch(`${app.url}/readyz`);
      expect(down.status).toBe(503);
      expect(((await down.json()) as { checks: object }).checks).toMatchObject({ slack: false });
      await waitFor('connected on the next try', () => socket.openConnections === 1, 20_000);
      await waitFor('/readyz 200', async () => (await fetch(`${app.url}/readyz`)).status === 200);
    } finally {
      await app.stop();
      await socket.stop();
      await slack.stop();
    }
  }, 40_000);

  it('an app token Slack refuses stops the start with a sentence that says what to do', async () => {
    const slack = await new FakeSlack('xoxb-test-token').start();
    const socket = await new FakeSlackSocket(slack, 'xapp-1-A0001-1-the-real-one').start();
    try {
      const config = loadConfig(
        base({
          SLACK_BOT_TOKEN: 'xoxb-test-token',
          SLACK_APP_TOKEN: 'xapp-1-A0001-1-revoked',
          SLACK_API_URL: slack.apiUrl,
        }),
      );
      await expect(startApp(config, { log: pino({ level: 'silent' }) })).rejects.toThrow(
        /^SLACK_APP_TOKEN: Slack did not accept the app-level token \(apps\.connections\.open: invalid_auth\); create one with the connections:write scope/,
      );
      expect(socket.opens).toEqual([{ at: expect.any(Number), ok: false, error: 'invalid_auth' }]);
      expect(socket.connections).toHaveLength(0);

      // `npm start` as an operator sees it: one line on stderr and a failing exit code, for either kind of bad token.
      // Not spawnSync: the fake Slack answering the child runs in this process.
      const run = (env: Record<string, string>) =>
        new Promise<{ status: number | null; stderr: string }>((resolve) => {
          const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
            cwd: join(__dirname, '..'),
            env: { PATH: process.env.PATH ?? '', ...base(env) },
          });
          let stderr = '';
          child.stderr.on('data', (d) => (stderr += String(d)));
          const kill = setTimeout(() => child.kill('SIGKILL'), 30_000);
          child.on('exit', (status) => {
            clearTimeout(kill);
            resolve({ status, stderr });
          });
        });
      const refused = await run({
        SLACK_BOT_TOKEN: 'xoxb-test-token',
        SLACK_APP_TOKEN: 'xapp-1-A0001-1-revoked',
        SLACK_API_URL: slack.apiUrl,
      });
      expect(refused.status).toBe(1);
      expect(refused.stderr).toMatch(
        /convrs-supervisor-bot failed to start: SLACK_APP_TOKEN: Slack did not accept the app-level token \(apps\.connections\.open: invalid_auth\)/,
      );
      const malformed = await run({ SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_APP_TOKEN: 'A0001-1-no-prefix' });
      expect(malformed.status).toBe(2);
      expect(malformed.stderr).toMatch(
        /Invalid configuration \(1 problem\):\n {2}- SLACK_APP_TOKEN: expected an app-level token starting with xapp-/,
      );
      expect(malformed.stderr).not.toContain('no-prefix');
    } finally {
      await socket.stop();
      await slack.stop();
    }
  }, 60_000);
});
