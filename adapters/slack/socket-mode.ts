// Slack over Socket Mode (SLACK_APP_TOKEN): Bolt's SocketModeReceiver, each envelope acknowledged only after its handler ran.
import { SocketModeReceiver, type App, type ReceiverEvent } from '@slack/bolt';
import type { Logger } from 'pino';
import { slackLogger } from './client';
import type { SlackConfig } from './config';

/** Slack refused to open a Socket Mode connection at start (a bad app token): the process cannot take Slack requests. */
export class SlackSocketStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SlackSocketStartError';
  }
}

export interface SlackSocket {
  receiver: SocketModeReceiver;
  /** apps.connections.open with the app token, then the WebSocket until Slack's hello; rejects with a SlackSocketStartError. */
  start(): Promise<void>;
  stop(): Promise<void>;
  connected(): boolean;
}

/** How long a reconnect waits after apps.connections.open failed (Slack or the network down). */
const RETRY_OPEN_MS = 10_000;
/** How long start waits for the first hello before the app goes on without it (the client keeps trying). */
const START_WAIT_MS = 20_000;

/**
 * Over HTTP, processBeforeResponse holds Slack's answer until the handler has queued the work. Bolt's Socket Mode
 * receiver sends the ack the moment a handler calls ack() (and before the listeners for Events API envelopes), so a
 * crash in between would lose the envelope. Here ack() only records the answer, sent once processing is over;
 * an envelope never acked is redelivered by Slack (with retry_attempt), which dedupe absorbs.
 */
class AckAfterHandling extends SocketModeReceiver {
  override init(app: App): void {
    const processEvent = async (event: ReceiverEvent): Promise<void> => {
      let answer: { body: unknown } | undefined;
      await app.processEvent({ ...event, ack: async (body?: unknown) => void (answer ??= { body }) });
      if (answer) await event.ack(answer.body);
    };
    super.init(Object.assign(Object.create(app) as App, { processEvent }));
  }
}

export function createSlackSocket(c: SlackConfig, log: Logger): SlackSocket {
  const receiver = new AckAfterHandling({
    appToken: c.appToken!,
    logger: slackLogger(log),
    // The connection's own Web API client (apps.connections.open): our base URL, bounded retries, no rate-limit sleeps.
    installerOptions: {
      clientOptions: {
        slackApiUrl: c.apiUrl,
        retryConfig: { retries: c.retries, factor: 2, minTimeout: 500, maxTimeout: 3000, randomize: true },
        timeout: 10_000,
      },
    },
    processEventErrorHandler: async ({ error, event }) => {
      log.error(
        { err: error.message, code: (error as { code?: unknown }).code, type: event.body?.type, retry: event.retryNum },
        'Slack envelope could not be processed (Slack redelivers it)',
      );
      return false;
    },
  });
  const client = receiver.client;
  let up = false;
  let stopping = false;
  let connections = 0;
  client.on('connected', () => {
    up = true;
    connections += 1;
    log.info({ connections }, connections === 1 ? 'Slack Socket Mode connected' : 'Slack Socket Mode reconnected');
  });
  // Slack closes every connection now and then (a `disconnect` message, e.g. refresh_requested); the client reconnects.
  client.on('close', () => {
    if (up && !stopping) log.info('Slack Socket Mode connection closed; reconnecting');
    up = false;
  });
  client.on('disconnected', () => (up = false));

  /**
   * The client reconnects with `start().then(…)` and no catch: apps.connections.open failing during a reconnect (the
   * network or Slack down) would be an unhandled rejection that ends the process. Every start but the first keeps trying.
   */
  const open = client.start.bind(client);
  let starts = 0;
  const guarded = (): ReturnType<typeof open> => {
    const first = ++starts === 1;
    return open().catch((e: unknown) => {
      if (first) throw e;
      log.error(
        { err: describe(e, c.apiUrl) },
        `Slack Socket Mode could not reconnect; trying again in ${RETRY_OPEN_MS / 1000} s`,
      );
      return new Promise((resolve) => {
        setTimeout(() => resolve(stopping ? (undefined as never) : guarded()), RETRY_OPEN_MS).unref();
      });
    });
  };
  client.start = guarded;

  return {
    receiver,
    start: async () => {
      stopping = false;
      starts = 0;
      // Slack refusing (a bad token) fails the start at once. Slack or the network being down does not: the app
      // starts without Slack and keeps trying, as it does when the connection drops later.
      const started = receiver.start().then(
        () => true,
        (e: unknown) => {
          if (refusal(e)) throw new SlackSocketStartError(describe(e, c.apiUrl));
          log.error(
            { err: describe(e, c.apiUrl) },
            `Slack Socket Mode could not connect; trying again in ${RETRY_OPEN_MS / 1000} s`,
          );
          setTimeout(() => void (stopping ? undefined : guarded()), RETRY_OPEN_MS).unref();
          return false;
        },
      );
      const timer = new Promise<'waiting'>((r) => setTimeout(() => r('waiting'), START_WAIT_MS).unref());
      const outcome = await Promise.race([started, timer]);
      if (outcome === 'waiting') {
        log.warn(`Slack Socket Mode is not connected after ${START_WAIT_MS / 1000} s; still trying`);
        started.catch((e: Error) => log.error({ err: e.message }, 'Slack Socket Mode did not start'));
      }
    },
    stop: async () => {
      stopping = true;
      up = false;
      // The close handshake normally takes milliseconds; a peer that never answers must not hold shutdown.
      await Promise.race([client.disconnect(), new Promise((r) => setTimeout(r, 3000).unref())]);
    },
    connected: () => up,
  };
}

/** The error Slack answered apps.connections.open with (`{ ok: false, error }`), if it answered. */
function refusal(e: unknown): string | undefined {
  const error = (e as { data?: { error?: unknown } } | undefined)?.data?.error;
  return typeof error === 'string' ? error : undefined;
}

/** One sentence naming what failed and what to do. */
function describe(e: unknown, apiUrl: string): string {
  const err = e as { message?: unknown } | undefined;
  const slackError = refusal(e);
  if (
    slackError &&
    [
      'invalid_auth',
      'not_authed',
      'not_allowed_token_type',
      'account_inactive',
      'token_revoked',
      'team_disabled',
      'user_removed_from_team',
    ].includes(slackError)
  ) {
    return `SLACK_APP_TOKEN: Slack did not accept the app-level token (apps.connections.open: ${slackError}); create one with the connections:write scope under Basic Information → App-Level Tokens, enable Socket Mode, and set it in SLACK_APP_TOKEN`;
  }
  if (slackError)
    return `SLACK_APP_TOKEN: Slack refused to open a Socket Mode connection (apps.connections.open: ${slackError})`;
  return `Slack Socket Mode: could not open a connection through ${apiUrl}apps.connections.open (${typeof err?.message === 'string' ? err.message : String(e)})`;
}
