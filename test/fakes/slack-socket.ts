// A stand-in for Slack's Socket Mode endpoint: apps.connections.open on the fake Web API hands out one-use ws:// URLs;
// each connection gets Slack's hello, then the envelopes a test sends; acks are recorded; `disconnect` on demand.
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { FakeSlack } from './slack-api';

export type EnvelopeType = 'events_api' | 'slash_commands' | 'interactive';

/** A Socket Mode envelope, shaped as Slack sends it. */
export interface Envelope {
  envelope_id: string;
  type: EnvelopeType;
  payload: Record<string, unknown>;
  accepts_response_payload: boolean;
  retry_attempt?: number;
  retry_reason?: string;
}

/** An ack as the app sends it (`payload` carries a response, e.g. a modal's errors), with when and on which connection. */
export interface Ack {
  envelope_id: string;
  payload?: Record<string, unknown>;
  at: number;
  connection: number;
}

interface Connection {
  id: number;
  ws: WebSocket;
  openedAt: number;
  closedAt?: number;
}

export class FakeSlackSocket {
  /** Every apps.connections.open call, answered or refused. */
  readonly opens: { at: number; ok: boolean; error?: string }[] = [];
  readonly connections: Connection[] = [];
  readonly sent: (Envelope & { connection: number; at: number })[] = [];
  readonly acks: Ack[] = [];
  /** Anything else the app sent (Slack would close the connection for it). */
  readonly strays: string[] = [];
  /** apps.connections.open answers `{ ok: false, error }` with this (null: a URL). */
  openError: string | null = null;
  /** WebSocket upgrades answer this HTTP status instead (null: accepted), as when Slack's edge is unreachable. */
  refuseUpgrades: number | null = null;
  private readonly tickets = new Set<string>();
  private server?: Server;
  private readonly wss = new WebSocketServer({ noServer: true });
  private url = '';

  constructor(
    private readonly slack: FakeSlack,
    readonly appToken = 'xapp-1-A0001-1-0123456789abcdef',
  ) {}

  async start(): Promise<this> {
    // apps.connections.open takes the app-level token, not the bot token the other methods take.
    this.slack.delegates.set('apps.connections.open', (authorization) => this.open(authorization));
    this.server = createServer((_req, res) => res.writeHead(404).end());
    this.server.on('upgrade', (req, socket, head) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const ticket = url.searchParams.get('ticket') ?? '';
      const refused = this.refuseUpgrades ?? (url.pathname !== '/link/' || !this.tickets.delete(ticket) ? 401 : null);
      if (refused) {
        socket.end(`HTTP/1.1 ${refused} Refused\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', () => r()));
    this.url = `ws://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.slack.delegates.delete('apps.connections.open');
    for (const c of this.connections) c.ws.terminate();
    this.wss.close();
    this.server?.closeAllConnections();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  /** The connection envelopes go to: the newest open one. */
  get current(): Connection | undefined {
    return [...this.connections].reverse().find((c) => !c.closedAt);
  }

  get openConnections(): number {
    return this.connections.filter((c) => !c.closedAt).length;
  }

  /** Sends an envelope on the current connection; returns it (resend it with `redeliver`). */
  send(
    type: EnvelopeType,
    payload: Record<string, unknown>,
    o: { acceptsResponsePayload?: boolean; retryAttempt?: number } = {},
  ): Envelope {
    const envelope: Envelope = {
      envelope_id: randomUUID(),
      type,
      payload,
      // Slack: true for slash commands and view submissions (the ack may carry a response), false for events and clicks.
      accepts_response_payload:
        o.acceptsResponsePayload ?? (type === 'slash_commands' || payload.type === 'view_submission'),
      ...(type === 'events_api'
        ? { retry_attempt: o.retryAttempt ?? 0, retry_reason: o.retryAttempt ? 'timeout' : '' }
        : {}),
    };
    return this.push(envelope);
  }

  /** Slack's retry of an envelope that was not acked in time: same payload, a new envelope id, retry_attempt + 1. */
  redeliver(e: Envelope, reason = 'timeout'): Envelope {
    return this.push({
      ...e,
      envelope_id: randomUUID(),
      retry_attempt: (e.retry_attempt ?? 0) + 1,
      retry_reason: reason,
    });
  }

  ackOf(envelopeId: string): Ack | undefined {
    return this.acks.find((a) => a.envelope_id === envelopeId);
  }

  /** The ack of an envelope, or undefined after `ms` (Slack waits 3 s). */
  async waitForAck(envelopeId: string, ms = 3000): Promise<Ack | undefined> {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      const a = this.ackOf(envelopeId);
      if (a) return a;
      await new Promise((r) => setTimeout(r, 10));
    }
    return this.ackOf(envelopeId);
  }

  /** Slack's request to reconnect (e.g. `refresh_requested` when it recycles the server holding the connection). */
  disconnect(reason = 'refresh_requested'): void {
    this.current?.ws.send(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'applink-fake-1' } }));
  }

  /** The connection dies without a word (a network cut). */
  drop(): void {
    this.current?.ws.terminate();
  }

  private open(authorization: string | undefined): Record<string, unknown> {
    const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
    const error = !token
      ? 'not_authed'
      : /^xox[bpa]-/.test(token)
        ? 'not_allowed_token_type'
        : token !== this.appToken
          ? 'invalid_auth'
          : this.openError;
    this.opens.push({ at: Date.now(), ok: !error, ...(error ? { error } : {}) });
    if (error) return { ok: false, error };
    const ticket = randomUUID();
    this.tickets.add(ticket);
    return { ok: true, url: `${this.url}/link/?ticket=${ticket}&app_id=A0001` };
  }

  private accept(ws: WebSocket): void {
    const c: Connection = { id: this.connections.length + 1, ws, openedAt: Date.now() };
    this.connections.push(c);
    ws.on('close', () => (c.closedAt = Date.now()));
    ws.on('message', (data) => {
      const text = String(data);
      try {
        const m = JSON.parse(text) as { envelope_id?: unknown; payload?: Record<string, unknown> };
        if (typeof m.envelope_id === 'string') {
          this.acks.push({
            envelope_id: m.envelope_id,
            ...(m.payload && Object.keys(m.payload).length ? { payload: m.payload } : {}),
            at: Date.now(),
            connection: c.id,
          });
          return;
        }
      } catch {
        // recorded below
      }
      this.strays.push(text);
    });
    ws.send(
      JSON.stringify({
        type: 'hello',
        num_connections: this.openConnections,
        debug_info: { host: 'applink-fake-1', build_number: 105, approximate_connection_time: 18060 },
        connection_info: { app_id: 'A0001' },
      }),
    );
  }

  private push(e: Envelope): Envelope {
    const c = this.current;
    if (!c) throw new Error('no Socket Mode connection is open');
    this.sent.push({ ...e, connection: c.id, at: Date.now() });
    c.ws.send(JSON.stringify(e));
    return e;
  }
}
