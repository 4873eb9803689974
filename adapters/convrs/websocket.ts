// Websocket intake: authenticate, turn each envelope into a PlatformEvent for the sink, reconnect with backoff.
import type { Logger } from 'pino';
import WebSocket from 'ws';
import type { PlatformEvent } from '../../src/core/events';
import type { PlatformEventSink } from '../../src/core/ports';
import { parseEvent } from './events';
import { MAX_DEPTH, nestedDeeperThan } from './json-depth';
import type { ConvrsProfile } from './profile';

export interface ConvrsWebsocketOptions {
  url: string;
  token: string;
  profile: ConvrsProfile;
  sink: PlatformEventSink;
  /** Called after every re-authentication but the first, to catch up on what was missed. */
  onReconnected?: () => Promise<void>;
  logger: Logger;
  minBackoffMs?: number;
  maxBackoffMs?: number;
}

export interface ConvrsWebsocket {
  stop(): Promise<void>;
  isConnected(): boolean;
  connectedOnce: Promise<void>;
}

const AUTH_TIMEOUT_MS = 10_000;
// A silently dead TCP connection would otherwise stall events forever.
const PING_EVERY_MS = 30_000;

export function startConvrsWebsocket(opts: ConvrsWebsocketOptions): ConvrsWebsocket {
  const { profile, sink, logger } = opts;
  const minBackoff = opts.minBackoffMs ?? 500;
  const maxBackoff = opts.maxBackoffMs ?? 30_000;
  let socket: WebSocket | null = null;
  let authenticated = false;
  let everAuthenticated = false;
  let stopped = false;
  let failures = 0;
  let retryTimer: NodeJS.Timeout | undefined;
  // Sink calls in flight. Each event goes to the sink on arrival, without waiting for the one before: the sink keeps
  // the order of its calls and stores events that arrive together with one insert.
  const deliveries = new Set<Promise<void>>();
  const catchUps = new Set<Promise<void>>();

  let resolveOnce!: () => void;
  let rejectOnce!: (e: Error) => void;
  const connectedOnce = new Promise<void>((res, rej) => {
    resolveOnce = res;
    rejectOnce = rej;
  });
  connectedOnce.catch(() => undefined);

  function connect(): void {
    authenticated = false;
    const ws = new WebSocket(opts.url);
    socket = ws;
    let alive = true;
    const authTimer = setTimeout(() => {
      logger.error({}, 'convrs websocket: no answer to Authenticate, reconnecting');
      ws.terminate();
    }, AUTH_TIMEOUT_MS);
    const pinger = setInterval(() => {
      if (!alive) return ws.terminate();
      alive = false;
      if (ws.readyState === WebSocket.OPEN) ws.ping();
    }, PING_EVERY_MS);

    ws.on('pong', () => {
      alive = true;
    });
    ws.on('open', () => ws.send(JSON.stringify({ token: opts.token, cmd: profile.commands.authenticate })));
    ws.on('message', (data) => {
      alive = true;
      let envelope: unknown;
      try {
        envelope = JSON.parse(data.toString());
      } catch {
        return logger.warn({}, 'convrs websocket: dropped a frame that is not JSON');
      }
      if (nestedDeeperThan(envelope, MAX_DEPTH))
        return logger.warn(
          { error: `frame nested deeper than ${MAX_DEPTH} levels` },
          'convrs websocket: dropped an invalid event',
        );
      if (!authenticated) return onAuthAnswer(ws, envelope, authTimer);
      handle(envelope);
    });
    ws.on('error', (e) => logger.warn({ error: e.message }, 'convrs websocket error'));
    ws.on('close', (code) => {
      clearTimeout(authTimer);
      clearInterval(pinger);
      authenticated = false;
      if (socket === ws) socket = null;
      if (stopped) return;
      const ceiling = Math.min(maxBackoff, minBackoff * 2 ** failures++);
      const delay = ceiling / 2 + Math.random() * (ceiling / 2);
      logger.warn({ code, retryInMs: Math.round(delay) }, 'convrs websocket closed, reconnecting');
      retryTimer = setTimeout(connect, delay);
    });
  }

  function onAuthAnswer(ws: WebSocket, envelope: unknown, authTimer: NodeJS.Timeout): void {
    const e = envelope as { cmd?: unknown; ok?: unknown; error?: unknown } | null;
    if (e?.cmd !== profile.commands.authenticate)
      return logger.warn({ cmd: e?.cmd }, 'convrs websocket: dropped a frame received before authentication');
    clearTimeout(authTimer);
    if (e.ok !== 1) {
      logger.error(
        { error: typeof e.error === 'string' ? e.error : 'no reason given' },
        'convrs websocket: authentication refused',
      );
      return ws.close(1000);
    }
    authenticated = true;
    failures = 0;
    logger.info({}, 'convrs websocket authenticated');
    if (!everAuthenticated) {
      everAuthenticated = true;
      return resolveOnce();
    }
    if (!opts.onReconnected) return;
    const p = opts
      .onReconnected()
      .catch((err) =>
        logger.error({ error: (err as Error)?.message }, 'convrs websocket: catch-up after reconnect failed'),
      );
    catchUps.add(p);
    void p.finally(() => catchUps.delete(p));
  }

  function handle(envelope: unknown): void {
    let event: PlatformEvent;
    try {
      event = parseEvent(envelope, profile);
    } catch (e) {
      return logger.warn({ error: (e as Error)?.message }, 'convrs websocket: dropped an invalid event');
    }
    if (event.type === 'ignored') return logger.debug({ cmd: event.name }, 'convrs websocket: event ignored');
    const ev = event;
    const p = (async () => sink(ev, envelope))().catch((err) => {
      logger.error(
        { type: ev.type, key: ev.key, error: (err as Error)?.message },
        'convrs websocket: sink failed, reconnecting to catch up',
      );
      // A websocket never redelivers; reconnecting triggers onReconnected, whose reconcile fills the gap.
      if (!stopped && authenticated) socket?.close(4000, 'sink failed');
    });
    deliveries.add(p);
    void p.finally(() => deliveries.delete(p));
  }

  connect();

  return {
    connectedOnce,
    isConnected: () => authenticated && socket?.readyState === WebSocket.OPEN,
    async stop() {
      stopped = true;
      clearTimeout(retryTimer);
      if (!everAuthenticated) rejectOnce(new Error('convrs websocket stopped before it connected'));
      const ws = socket;
      if (ws && ws.readyState !== WebSocket.CLOSED) {
        const closed = new Promise<void>((r) => ws.once('close', () => r()));
        const force = setTimeout(() => ws.terminate(), 2000);
        ws.close(1000);
        await closed;
        clearTimeout(force);
      }
      await Promise.all([...deliveries, ...catchUps]);
    },
  };
}
