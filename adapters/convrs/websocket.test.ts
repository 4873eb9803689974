// Tests for the websocket intake against a local ws server: auth, delivery, reconnect, stop.
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import WebSocket, { WebSocketServer } from 'ws';
import type { PlatformEvent } from '../../src/core/events';
import feedback from './fixtures/feedback.json';
import message from './fixtures/message.json';
import { defaultProfile as profile } from './profile';
import { startConvrsWebsocket, type ConvrsWebsocket } from './websocket';

const TOKEN = 'org-token-s3cr3t';
let wss: WebSocketServer;
let url: string;
let clients: WebSocket[];
let authFrames: unknown[];
let refuseAuth: boolean;
let intake: ConvrsWebsocket | undefined;

const until = async (cond: () => boolean, ms = 3000) => {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
};

beforeEach(async () => {
  clients = [];
  authFrames = [];
  refuseAuth = false;
  wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise((r) => wss.once('listening', r));
  url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/api`;
  wss.on('connection', (ws) => {
    clients.push(ws);
    ws.on('message', (raw) => {
      const frame = JSON.parse(raw.toString());
      authFrames.push(frame);
      ws.send(
        JSON.stringify(
          refuseAuth ? { cmd: 'Authenticate', ok: 0, error: 'Invalid token' } : { cmd: 'Authenticate', ok: 1 },
        ),
      );
    });
  });
});

afterEach(async () => {
  await intake?.stop();
  intake = undefined;
  for (const c of wss.clients) c.terminate();
  await new Promise((r) => wss.close(r));
});

function start(
  extra: { onReconnected?: () => Promise<void>; sink?: (e: PlatformEvent, raw?: unknown) => Promise<void> } = {},
) {
  const events: PlatformEvent[] = [];
  const logs: string[] = [];
  intake = startConvrsWebsocket({
    url,
    token: TOKEN,
    profile,
    minBackoffMs: 20,
    maxBackoffMs: 100,
    logger: pino({ level: 'debug' }, { write: (l: string) => logs.push(l) }),
    sink:
      extra.sink ??
      (async (e) => {
        events.push(e);
      }),
    onReconnected: extra.onReconnected,
  });
  return { events, logs, intake };
}
const latest = () => clients[clients.length - 1];

it('authenticates with the token, then delivers events to the sink in order', async () => {
  const { events, intake } = start();
  await intake.connectedOnce;
  expect(intake.isConnected()).toBe(true);
  expect(authFrames).toEqual([{ token: TOKEN, cmd: 'Authenticate' }]);
  latest().send(JSON.stringify(message));
  latest().send(JSON.stringify(feedback));
  await until(() => events.length === 2);
  expect(events.map((e) => e.type)).toEqual(['message', 'feedback']);
  expect(events[0].key).toBe('evt-7f3a1c20-0002');
});

it('hands each event to the sink on arrival, without waiting for the one before (the sink stores them together, in call order)', async () => {
  const calls: string[] = [];
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const { intake } = start({
    sink: async (e) => {
      calls.push(e.type);
      await gate;
    },
  });
  await intake.connectedOnce;
  latest().send(JSON.stringify(message));
  latest().send(JSON.stringify(feedback));
  await until(() => calls.length === 2);
  expect(calls).toEqual(['message', 'feedback']);
  release();
  // stop() waits for the calls in flight.
  await intake.stop();
});

it('drops invalid frames and keeps the connection', async () => {
  const { events, logs, intake } = start();
  await intake.connectedOnce;
  latest().send('not json');
  latest().send(JSON.stringify({ ...message, data: { ...message.data, timestamp: undefined } }));
  latest().send(JSON.stringify(feedback));
  await until(() => events.length === 1);
  expect(logs.join('')).toContain('onMessage: data.timestamp is required');
  expect(intake.isConnected()).toBe(true);
  expect(clients).toHaveLength(1);
});

it('drops a frame nested too deep to store, without closing the connection', async () => {
  const stored: string[] = [];
  // The real sink stores the raw envelope with JSON.stringify, which overflows the stack on deep nesting.
  const { logs, intake } = start({
    sink: async (_e, raw?: unknown) => {
      stored.push(JSON.stringify(raw));
    },
  });
  await intake.connectedOnce;
  const deep = '['.repeat(100_000) + ']'.repeat(100_000);
  latest().send(JSON.stringify({ ...message, data: { ...message.data, extra: '@' } }).replace('"@"', deep));
  latest().send(JSON.stringify(feedback));
  await until(() => stored.length === 1);
  expect(JSON.parse(stored[0]).cmd).toBe(feedback.cmd);
  expect(logs.join('')).toContain('nested deeper than 64 levels');
  expect(logs.join('')).not.toContain('[[[');
  expect(logs.join('')).not.toContain('charged twice');
  expect(intake.isConnected()).toBe(true);
  expect(clients).toHaveLength(1);
});

it('logs a failing sink and reconnects so onReconnected catches up', async () => {
  let calls = 0;
  const onReconnected = jest.fn(async () => undefined);
  const { logs, intake } = start({
    onReconnected,
    sink: async () => {
      calls++;
      if (calls === 1) throw new Error('database is locked');
    },
  });
  await intake.connectedOnce;
  latest().send(JSON.stringify(message));
  await until(() => onReconnected.mock.calls.length === 1 && intake.isConnected());
  expect(logs.join('')).toContain('database is locked');
  expect(logs.join('')).not.toContain('charged twice');
  latest().send(JSON.stringify(feedback));
  await until(() => calls === 2);
});

it('reconnects after the server drops the socket and calls onReconnected', async () => {
  const onReconnected = jest.fn(async () => undefined);
  const { events, intake } = start({ onReconnected });
  await intake.connectedOnce;
  expect(onReconnected).not.toHaveBeenCalled();
  latest().terminate();
  await until(() => !intake.isConnected());
  await until(() => onReconnected.mock.calls.length === 1 && intake.isConnected());
  expect(clients).toHaveLength(2);
  expect(authFrames).toHaveLength(2);
  latest().send(JSON.stringify(message));
  await until(() => events.length === 1);
});

it('logs a refused authentication, closes, and keeps trying', async () => {
  refuseAuth = true;
  const { logs, intake } = start();
  await until(() => authFrames.length >= 2);
  expect(intake.isConnected()).toBe(false);
  expect(logs.join('')).toContain('Invalid token');
  expect(logs.join('')).not.toContain('s3cr3t');
  refuseAuth = false;
  await intake.connectedOnce;
  expect(intake.isConnected()).toBe(true);
});

it('stop() closes cleanly and stops reconnecting', async () => {
  const { intake } = start();
  await intake.connectedOnce;
  await intake.stop();
  expect(intake.isConnected()).toBe(false);
  await new Promise((r) => setTimeout(r, 200));
  expect(clients).toHaveLength(1);
  expect(latest().readyState).toBe(WebSocket.CLOSED);
});

it('stop() before connecting rejects connectedOnce', async () => {
  url = 'ws://127.0.0.1:1/api';
  const { intake } = start();
  await intake.stop();
  await expect(intake.connectedOnce).rejects.toThrow('stopped before it connected');
});
