// Socket Mode acks: an envelope is acknowledged only once its handler has queued the work (as processBeforeResponse does
// over HTTP), an ack keeps its response payload, and a redelivered envelope is acked without being queued twice.
import { WebClient } from '@slack/web-api';
import pino from 'pino';
import type { Deps } from '../../src/core/deps';
import type { SurfaceWork } from '../../src/core/intake';
import { FakeSlack } from '../../test/fakes/slack-api';
import { FakeSlackSocket } from '../../test/fakes/slack-socket';
import { eventCallback, threadReply } from '../../test/slack-harness';
import { webClientOptions } from './client';
import type { SlackConfig } from './config';
import { SeenGuard } from './dedupe';
import { createSlackReceiver, type SlackReceiver } from './receiver';
import type { SlackSurface } from './surface';

const log = pino({ level: 'silent' });
let slack: FakeSlack;
let socket: FakeSlackSocket;
let receiver: SlackReceiver;
const queued: SurfaceWork[] = [];
/** While set, enqueue waits for it: the work is not stored yet. */
let gate: Promise<void> | undefined;

const later = () => {
  let open!: () => void;
  gate = new Promise<void>((r) => (open = r));
  return () => {
    gate = undefined;
    open();
  };
};
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  slack = await new FakeSlack('xoxb-unit').start();
  socket = await new FakeSlackSocket(slack).start();
  const config: SlackConfig = {
    token: 'xoxb-unit',
    signingSecret: '',
    appToken: socket.appToken,
    apiUrl: slack.apiUrl,
    retries: 0,
  };
  receiver = createSlackReceiver({
    config,
    deps: {} as Deps,
    surface: {} as SlackSurface,
    client: new WebClient(config.token, webClientOptions(config, log)),
    intake: {
      submit: async (work) => {
        await gate;
        queued.push(work);
        return { fresh: true };
      },
    },
    seen: new SeenGuard({ prefix: 'unit', ttlSeconds: 60, log }),
    log,
  });
  await receiver.init();
  await receiver.start();
});
afterAll(async () => {
  await receiver?.stop();
  await socket?.stop();
  await slack?.stop();
});

const command = (text: string) => ({
  token: 'legacy',
  team_id: 'T0001',
  team_domain: 'acme',
  channel_id: 'CGENERAL01',
  channel_name: 'general',
  user_id: 'USAM0001',
  user_name: 'sam',
  command: '/convrs',
  text,
  api_app_id: 'A0001',
  is_enterprise_install: 'false',
  response_url: `${slack.url}/response/r1`,
  trigger_id: `trig-${text}`,
});

describe('Socket Mode acks', () => {
  it('acks a slash command only after it is queued', async () => {
    const release = later();
    const e = socket.send('slash_commands', command('open bu:Sales'));
    await pause(400);
    expect(socket.ackOf(e.envelope_id)).toBeUndefined();
    expect(queued.find((j) => j.kind === 'command' && j.text === 'open bu:Sales')).toBeUndefined();
    release();
    const ack = await socket.waitForAck(e.envelope_id, 1000);
    expect(ack).toBeDefined();
    expect(queued.find((j) => j.kind === 'command' && j.text === 'open bu:Sales')).toBeDefined();
  });

  it('acks a thread reply (an Events API envelope, which Bolt acks before its listeners) only after it is queued', async () => {
    const release = later();
    const e = socket.send(
      'events_api',
      eventCallback(threadReply('USAM0001', 'DUSAM0001', '1732456789.000101', 'check the refund')),
    );
    await pause(400);
    expect(socket.ackOf(e.envelope_id)).toBeUndefined();
    release();
    expect(await socket.waitForAck(e.envelope_id, 1000)).toBeDefined();
    expect(queued.filter((j) => j.kind === 'thread-reply')).toHaveLength(1);

    // Slack's redelivery (retry_attempt 1) is acked at once and not queued again.
    const retry = socket.redeliver(e);
    expect(await socket.waitForAck(retry.envelope_id, 1000)).toBeDefined();
    await pause(200);
    expect(queued.filter((j) => j.kind === 'thread-reply')).toHaveLength(1);
  });

  it("keeps the ack's response payload (a modal's errors)", async () => {
    const e = socket.send('interactive', {
      type: 'view_submission',
      team: { id: 'T0001', domain: 'acme' },
      user: { id: 'USAM0001', username: 'sam', team_id: 'T0001' },
      api_app_id: 'A0001',
      token: 'legacy',
      trigger_id: 'trig-view',
      view: {
        id: 'V1',
        team_id: 'T0001',
        type: 'modal',
        callback_id: 'convrs_transfer',
        private_metadata: '{"ref":"C-1"}',
        state: { values: {} },
        hash: 'h',
        blocks: [],
        title: { type: 'plain_text', text: 'x' },
      },
      response_urls: [],
    });
    expect(e.accepts_response_payload).toBe(true);
    const ack = await socket.waitForAck(e.envelope_id, 1000);
    expect(ack?.payload).toEqual({
      response_action: 'errors',
      errors: { transfer_agent: 'Pick an agent or a business unit.' },
    });
  });

  it('reports the connection for readiness, and closes it on stop', async () => {
    expect(receiver.connected?.()).toBe(true);
    const c = socket.current!;
    await receiver.stop();
    expect(receiver.connected?.()).toBe(false);
    await pause(100);
    expect(c.closedAt).toBeDefined();
    await receiver.start();
    expect(receiver.connected?.()).toBe(true);
  });
});
