// Slack test harness: the real app with Slack on (real express + Bolt receiver), a fake Slack Web API, signed requests;
// or, with `socketMode`, the same requests as envelopes over a stand-in for Slack's Socket Mode endpoint.
import { createHmac, randomBytes } from 'node:crypto';
import { FakeSlack, type StoredMessage } from './fakes/slack-api';
import { FakeSlackSocket, type EnvelopeType } from './fakes/slack-socket';
import { startHarness, waitFor, type Harness } from './harness';

export const SIGNING_SECRET = 'slack-signing-secret-for-tests';
export const SLACK_USERS = { sam: 'USAM0001', sue: 'USUE0002', stranger: 'USTR0003' } as const;
export const SLACK_EMAILS: Record<string, string> = {
  USAM0001: 'sam.boss@acme.test',
  USUE0002: 'sue.sales@acme.test',
  USTR0003: 'nobody@elsewhere.test',
};
export const WALL = 'CWALL0001';

export interface SlackHarness extends Harness {
  slack: FakeSlack;
  /** Socket Mode: Slack's end of the bot's connection (requests go there instead of POST /slack/events). */
  socket?: FakeSlackSocket;
  stopAll(): Promise<void>;
}

export async function startSlackHarness(
  opts: Parameters<typeof startHarness>[0] & { socketMode?: boolean } = {},
): Promise<SlackHarness> {
  const slack = await new FakeSlack('xoxb-test-token').start();
  Object.assign(slack.emails, SLACK_EMAILS);
  // TEST_SLACK_SOCKET_MODE=true runs every Slack test over Socket Mode.
  const socket =
    (opts.socketMode ?? process.env.TEST_SLACK_SOCKET_MODE === 'true')
      ? await new FakeSlackSocket(slack).start()
      : undefined;
  // Socket Mode needs no signing secret: the app-level token authenticates the connection.
  const way: Record<string, string> = socket
    ? { SLACK_APP_TOKEN: socket.appToken }
    : { SLACK_SIGNING_SECRET: SIGNING_SECRET };
  const h = await startHarness({
    ...opts,
    env: {
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      ...way,
      SLACK_API_URL: slack.apiUrl,
      SLACK_API_RETRIES: '0',
      ...opts.env,
    },
  });
  return {
    ...h,
    slack,
    socket,
    stopAll: async () => {
      await h.stop();
      await socket?.stop();
      await slack.stop();
    },
  };
}

let seq = 0;
const nextId = (p: string) => `${p}${Date.now().toString(36)}${(++seq).toString(36)}${randomBytes(2).toString('hex')}`;

export function sign(
  body: string,
  at = Math.floor(Date.now() / 1000),
  secret = SIGNING_SECRET,
): Record<string, string> {
  const sig = `v0=${createHmac('sha256', secret).update(`v0:${at}:${body}`).digest('hex')}`;
  return { 'x-slack-request-timestamp': String(at), 'x-slack-signature': sig };
}

/** POSTs to /slack/events exactly as Slack does: raw body, signed. */
export async function postToSlackEndpoint(
  h: SlackHarness,
  body: string,
  contentType: string,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${h.app.url}/slack/events`, {
    method: 'POST',
    headers: { 'content-type': contentType, ...sign(body), ...headers },
    body,
  });
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

/**
 * Hands one of Slack's requests to the bot as Slack would: signed to POST /slack/events (a slash command as a form,
 * an interaction as a form's `payload`, an event as JSON), or in Socket Mode as an envelope on the bot's connection,
 * answered like HTTP: 200 with the ack's payload when acked within Slack's 3 s, else 504.
 */
export async function deliver(
  h: SlackHarness,
  type: EnvelopeType,
  payload: Record<string, any>,
  o: { retryNum?: number } = {},
): Promise<Response> {
  if (h.socket) {
    const e = h.socket.send(type, payload, { retryAttempt: o.retryNum });
    const ack = await h.socket.waitForAck(e.envelope_id);
    return ack
      ? new Response(JSON.stringify(ack.payload ?? {}), {
          status: 200,
          headers: { 'content-type': 'application/json' },
        })
      : new Response('no ack within 3 s', { status: 504 });
  }
  if (type === 'slash_commands') return postToSlackEndpoint(h, form(payload), 'application/x-www-form-urlencoded');
  if (type === 'interactive')
    return postToSlackEndpoint(h, form({ payload: JSON.stringify(payload) }), 'application/x-www-form-urlencoded');
  const headers: Record<string, string> = o.retryNum
    ? { 'x-slack-retry-num': String(o.retryNum), 'x-slack-retry-reason': 'http_timeout' }
    : {};
  return postToSlackEndpoint(h, JSON.stringify(payload), 'application/json', headers);
}

/** `/convrs <text>` typed by `user` in `channel`; returns the response_url id Slack's answer goes to. */
export async function slash(
  h: SlackHarness,
  user: string,
  text: string,
  channel = 'CGENERAL01',
): Promise<{ status: number; responseId: string; triggerId: string }> {
  const responseId = nextId('resp');
  const triggerId = nextId('trig');
  const r = await deliver(h, 'slash_commands', {
    token: 'legacy',
    team_id: 'T0001',
    team_domain: 'acme',
    channel_id: channel,
    channel_name: 'general',
    user_id: user,
    user_name: user.toLowerCase(),
    command: '/convrs',
    text,
    api_app_id: 'A0001',
    is_enterprise_install: 'false',
    response_url: `${h.slack.url}/response/${responseId}`,
    trigger_id: triggerId,
  });
  return { status: r.status, responseId, triggerId };
}

/** An Events API delivery; `retryNum` adds Slack's retry headers. */
export async function sendEvent(
  h: SlackHarness,
  event: Record<string, unknown>,
  o: { eventId?: string; retryNum?: number } = {},
): Promise<{ status: number; eventId: string }> {
  const eventId = o.eventId ?? nextId('Ev');
  const r = await deliver(h, 'events_api', eventCallback(event, eventId), { retryNum: o.retryNum });
  return { status: r.status, eventId };
}

/** The Events API wrapper of one event (an HTTP body, or a Socket Mode envelope's payload). */
export function eventCallback(event: Record<string, unknown>, eventId = nextId('Ev')): Record<string, unknown> {
  return {
    token: 'legacy',
    team_id: 'T0001',
    api_app_id: 'A0001',
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    event,
  };
}

/** A human reply in a thread (a `message` event with thread_ts). */
export function threadReply(
  user: string,
  channel: string,
  threadTs: string,
  text: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const ts = `${Math.floor(Date.now() / 1000)}.${String(++seq).padStart(6, '0')}`;
  return {
    type: 'message',
    user,
    text,
    ts,
    thread_ts: threadTs,
    channel,
    channel_type: channel.startsWith('D') ? 'im' : 'channel',
    event_ts: ts,
    team: 'T0001',
    ...extra,
  };
}

/** A block_actions payload for a button click on a message (or App Home when `view` is given). */
export async function clickButton(
  h: SlackHarness,
  user: string,
  button: { action_id: string; value?: string; block_id?: string },
  where: {
    channel?: string;
    messageTs?: string;
    threadTs?: string;
    ephemeral?: boolean;
    view?: { id: string; type: 'home' | 'modal' };
  },
): Promise<{ status: number; responseId: string; triggerId: string }> {
  const responseId = nextId('resp');
  const triggerId = nextId('trig');
  const payload = {
    type: 'block_actions',
    user: { id: user, username: user.toLowerCase(), team_id: 'T0001' },
    api_app_id: 'A0001',
    token: 'legacy',
    trigger_id: triggerId,
    team: { id: 'T0001', domain: 'acme' },
    ...(where.view
      ? { container: { type: 'view', view_id: where.view.id }, view: { id: where.view.id, type: where.view.type } }
      : {
          container: {
            type: 'message',
            message_ts: where.messageTs,
            channel_id: where.channel,
            is_ephemeral: Boolean(where.ephemeral),
            ...(where.threadTs ? { thread_ts: where.threadTs } : {}),
          },
          channel: { id: where.channel, name: 'x' },
          ...(where.ephemeral
            ? {}
            : {
                message: {
                  type: 'message',
                  ts: where.messageTs,
                  ...(where.threadTs ? { thread_ts: where.threadTs } : {}),
                },
              }),
          response_url: `${h.slack.url}/response/${responseId}`,
        }),
    actions: [
      {
        type: 'button',
        action_id: button.action_id,
        block_id: button.block_id ?? 'b1',
        value: button.value,
        text: { type: 'plain_text', text: 'x' },
        action_ts: `${Date.now() / 1000}`,
      },
    ],
  };
  const r = await deliver(h, 'interactive', payload);
  return { status: r.status, responseId, triggerId };
}

/** Posts an interactivity payload (view_submission, message_action …) as Slack does. */
export async function sendInteraction(h: SlackHarness, payload: Record<string, unknown>): Promise<Response> {
  return deliver(h, 'interactive', payload);
}

/** Every button in a message's blocks (incl. section accessories). */
export function buttonsOf(blocks: any[] | undefined): { action_id: string; value?: string; text: string }[] {
  const out: { action_id: string; value?: string; text: string }[] = [];
  for (const b of blocks ?? []) {
    if (b.accessory?.type === 'button')
      out.push({ action_id: b.accessory.action_id, value: b.accessory.value, text: b.accessory.text?.text });
    for (const e of b.elements ?? [])
      if (e.type === 'button') out.push({ action_id: e.action_id, value: e.value, text: e.text?.text });
  }
  return out;
}

/** All visible text of a message (text + blocks), for assertions. */
export function textOf(m: { text?: string; blocks?: any[] }): string {
  const parts: string[] = [m.text ?? ''];
  const walk = (x: any): void => {
    if (!x || typeof x !== 'object') return;
    if (typeof x.text === 'string') parts.push(x.text);
    for (const v of Object.values(x)) if (typeof v === 'object') walk(v);
  };
  walk(m.blocks);
  return parts.join('\n');
}

/** Answers sent to a response_url. */
export const responsesTo = (h: SlackHarness, responseId: string) =>
  h.slack.responses.filter((r) => r.path === responseId);

export async function waitForResponse(h: SlackHarness, responseId: string): Promise<any> {
  return waitFor(`answer at response_url ${responseId}`, () => responsesTo(h, responseId)[0]?.body);
}

/** The root post (chat card) of the thread mirroring `chatRef` in a channel. */
export async function threadRoot(h: SlackHarness, channel: string, chatRef: string): Promise<StoredMessage> {
  return waitFor(`thread root of ${chatRef} in ${channel}`, () =>
    h.slack.posts(channel).find((m) => !m.thread_ts && textOf(m).includes(chatRef)),
  );
}

export const dmOf = (user: string) => `D${user}`;

/** The answer to `/convrs <text>` at its response_url (asserts Slack got a 200 for the command). */
export async function ask(h: SlackHarness, user: string, text: string, channel?: string): Promise<any> {
  const { status, responseId } = await slash(h, user, text, channel);
  if (status !== 200) throw new Error(`/convrs ${text} answered HTTP ${status}`);
  return waitForResponse(h, responseId);
}

/** A message shortcut ("Chat actions") used on a message. */
export async function messageShortcut(
  h: SlackHarness,
  user: string,
  callbackId: string,
  message: { channel: string; ts: string; thread_ts?: string },
): Promise<Response> {
  return sendInteraction(h, {
    type: 'message_action',
    callback_id: callbackId,
    trigger_id: nextId('trig'),
    action_ts: `${Date.now() / 1000}`,
    team: { id: 'T0001', domain: 'acme' },
    user: { id: user, username: user.toLowerCase(), team_id: 'T0001' },
    channel: { id: message.channel, name: 'x' },
    message: {
      type: 'message',
      user: 'UOTHER01',
      text: 'hello',
      ts: message.ts,
      ...(message.thread_ts ? { thread_ts: message.thread_ts } : {}),
    },
    response_url: `${h.slack.url}/response/${nextId('resp')}`,
    token: 'legacy',
  });
}

/** Submits a modal as Slack does (`view_submission`), with its private_metadata and the picked `values`. */
export async function submitView(
  h: SlackHarness,
  user: string,
  view: {
    callback_id: string;
    private_metadata?: string;
    values: Record<string, Record<string, unknown>>;
    /** The modal's id (Slack keeps it across a retried submission); a fresh one when absent. */
    id?: string;
  },
): Promise<Response> {
  return sendInteraction(h, {
    type: 'view_submission',
    team: { id: 'T0001', domain: 'acme' },
    user: { id: user, username: user.toLowerCase(), team_id: 'T0001' },
    api_app_id: 'A0001',
    token: 'legacy',
    trigger_id: nextId('trig'),
    view: {
      id: view.id ?? nextId('V'),
      team_id: 'T0001',
      type: 'modal',
      callback_id: view.callback_id,
      private_metadata: view.private_metadata ?? '',
      state: { values: view.values },
      hash: nextId('h'),
      blocks: [],
      title: { type: 'plain_text', text: 'x' },
    },
    response_urls: [],
  });
}

/** A static_select pick as it appears in `view.state.values[block][action]`. */
export const picked = (value: string) => ({
  type: 'static_select',
  selected_option: { text: { type: 'plain_text', text: value }, value },
});
