// Helpers for the simulator's tests: a command caller, a webhook receiver and a websocket client.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { WebSocket } from 'ws';
import type { CommandReply, EventEnvelope } from './types';

export async function call(
  apiUrl: string,
  body: Record<string, unknown>,
): Promise<{ status: number; json: CommandReply }> {
  const res = await fetch(apiUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as CommandReply };
}

export interface Receiver {
  url: string;
  received: Array<{ secret: unknown; body: EventEnvelope }>;
  /** The next n requests get this status. */
  failNext(n: number, status?: number): void;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const received: Receiver['received'] = [];
  let fail = { n: 0, status: 500 };
  const app = express();
  app.use(express.json());
  app.post('/hook', (req, res) => {
    if (fail.n > 0) {
      fail.n--;
      return void res.status(fail.status).end();
    }
    received.push({ secret: req.query.secret, body: req.body as EventEnvelope });
    res.status(200).json({ ok: true });
  });
  const server: Server = createServer(app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    failNext: (n, status = 500) => void (fail = { n, status }),
    close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
}

export interface WsClient {
  ws: WebSocket;
  frames: Array<Record<string, unknown>>;
  send(obj: unknown): void;
  /** Resolves with the first frame (after those already seen) matching pred. */
  next(pred?: (f: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  closed: Promise<number>;
}

export async function connect(url: string): Promise<WsClient> {
  const ws = new WebSocket(url);
  const frames: WsClient['frames'] = [];
  let seen = 0;
  const listeners = new Set<() => void>();
  ws.on('message', (raw) => {
    frames.push(JSON.parse(raw.toString()) as Record<string, unknown>);
    for (const l of listeners) l();
  });
  const closed = new Promise<number>((r) => ws.on('close', (code) => r(code)));
  await new Promise<void>((resolve, reject) => (ws.once('open', () => resolve()), ws.once('error', reject)));
  return {
    ws,
    frames,
    closed,
    send: (obj) => ws.send(JSON.stringify(obj)),
    next: (pred = () => true, timeoutMs = 3000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          while (seen < frames.length) {
            const f = frames[seen++]!;
            if (pred(f)) return (listeners.delete(check), clearTimeout(timer), resolve(f));
          }
        };
        const timer = setTimeout(
          () => (listeners.delete(check), reject(new Error('no matching websocket frame'))),
          timeoutMs,
        );
        listeners.add(check);
        check();
      }),
  };
}

export async function waitFor(cond: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error('waitFor: condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
