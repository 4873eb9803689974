// A fake Slack Web API for tests: records every call, answers like Slack, enforces a per-channel post rate, fails on demand.
import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleMethod, type FakeState } from './slack-methods';

export interface SlackCall {
  method: string;
  body: Record<string, any>;
  at: number;
  status: number;
  error?: string;
}
export interface StoredMessage {
  channel: string;
  ts: string;
  thread_ts?: string;
  text?: string;
  blocks?: any[];
  metadata?: any;
  user: string;
  bot_id: string;
}
export type Failure = number | string;

export class FakeSlack implements FakeState {
  url = '';
  readonly calls: SlackCall[] = [];
  readonly messages: StoredMessage[] = [];
  readonly ephemerals: FakeState['ephemerals'] = [];
  readonly memberships: Record<string, string[]> = {};
  readonly homes: Record<string, any> = {};
  readonly modals: FakeState['modals'] = [];
  readonly responses: { path: string; body: any; at: number }[] = [];
  /** response_url posts refused with `failResponses.status` (they are recorded here, not in `responses`). */
  readonly refusedResponses: { path: string; body: any; at: number; status: number }[] = [];
  /** The next `n` response_url posts answer `status` (an expired or used-up response_url answers 404). */
  failResponses = { n: 0, status: 404 };
  readonly uploads = new Map<string, { bytes: Buffer; filename?: string }>();
  repliesPageLimit?: number;
  /** Slack user id → email (users.info). */
  readonly emails: Record<string, string> = {};
  /** chat.postMessage budget per channel (token bucket), or null for unlimited. */
  rate: { perSecond: number; burst: number } | null = null;
  /**
   * chat.update budget for the whole workspace (token bucket), or null for unlimited. Slack: Tier 3, about 50 per
   * minute, bursts tolerated. Beyond it the answer is 429 with Retry-After (seconds until a token is back).
   */
  updateRate: { perMinute: number; burst: number } | null = null;
  /** Methods another stand-in answers, with its own token check (Socket Mode's apps.connections.open: slack-socket.ts). */
  readonly delegates = new Map<
    string,
    (authorization: string | undefined, body: Record<string, any>) => Record<string, unknown>
  >();
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private updateBucket?: { tokens: number; at: number };
  private readonly failures = new Map<string, { failure: Failure; retryAfter: number }[]>();
  private readonly channelErrors = new Map<string, string>();
  private seq = 100;
  private server?: Server;

  constructor(readonly token = 'xoxb-test') {}

  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  /** A monotonic Slack-like ts: "1732456789.000101", "…000102", … */
  nextTs(): string {
    return `1732456789.${String(++this.seq).padStart(6, '0')}`;
  }

  /** The next `n` calls of `method` fail: an HTTP status (429 → Retry-After: `retryAfter` seconds, 5xx) or a Slack error code. */
  failNext(method: string, n: number, failure: Failure, retryAfter = 1): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), ...Array(n).fill({ failure, retryAfter })]);
  }

  /** Every call naming this channel fails with this Slack error (null to heal). */
  failChannel(channel: string, error: string | null): void {
    if (error) this.channelErrors.set(channel, error);
    else this.channelErrors.delete(channel);
  }

  callsOf(method: string, ok?: boolean): SlackCall[] {
    return this.calls.filter((c) => c.method === method && (ok === undefined || (c.status === 200 && !c.error) === ok));
  }

  /** Successful posts (chat.postMessage) into a channel, optionally only replies in one thread. */
  posts(channel?: string, threadTs?: string): StoredMessage[] {
    return this.messages.filter(
      (m) => (!channel || m.channel === channel) && (threadTs === undefined || m.thread_ts === threadTs),
    );
  }

  get rateLimited(): number {
    return this.calls.filter((c) => c.status === 429).length;
  }

  async start(): Promise<this> {
    const app = express();
    app.use(express.urlencoded({ extended: false, limit: '5mb' }), express.json({ limit: '5mb' }));
    app.post('/api/:method', (req, res) => {
      const method = String(req.params.method);
      const body = decode(req.body ?? {});
      const call: SlackCall = { method, body, at: Date.now(), status: 200 };
      this.calls.push(call);
      const reply = (status: number, payload: any, headers: Record<string, string> = {}) => {
        call.status = status;
        if (payload && payload.ok === false) call.error = payload.error;
        res.status(status).set(headers).json(payload);
      };
      const delegate = this.delegates.get(method);
      if (!delegate && req.get('authorization') !== `Bearer ${this.token}`)
        return reply(200, { ok: false, error: 'invalid_auth' });
      const { failure, retryAfter = 1 } = this.failures.get(method)?.shift() ?? {};
      if (failure === 429)
        return reply(429, { ok: false, error: 'ratelimited' }, { 'Retry-After': String(retryAfter) });
      if (typeof failure === 'number') return reply(failure, { ok: false, error: 'fake_http_error' });
      if (failure) return reply(200, { ok: false, error: failure });
      if (delegate) return reply(200, delegate(req.get('authorization'), body));
      const channel = String(body.channel ?? body.channel_id ?? '');
      const broken = channel && this.channelErrors.get(channel);
      if (broken) return reply(200, { ok: false, error: broken });
      if (method === 'chat.postMessage' && !this.take(channel))
        return reply(429, { ok: false, error: 'ratelimited' }, { 'Retry-After': '1' });
      if (method === 'chat.update') {
        const wait = this.takeUpdate();
        if (wait > 0) return reply(429, { ok: false, error: 'ratelimited' }, { 'Retry-After': String(wait) });
      }
      return reply(200, handleMethod(this, method, body));
    });
    app.post('/upload/:id', express.raw({ type: () => true, limit: '10mb' }), async (req, res) => {
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.from(String(req.body ?? ''));
      // Slack takes the bytes raw or as a multipart form (what @slack/web-api sends): the file is the form's file part.
      const bytes = /^multipart\/form-data/i.test(req.get('content-type') ?? '')
        ? await filePart(raw, req.get('content-type')!)
        : raw;
      this.uploads.set(String(req.params.id), { ...this.uploads.get(String(req.params.id)), bytes });
      res.status(200).send(`OK - ${req.params.id}`);
    });
    app.post('/response/:id', (req, res) => {
      if (this.failResponses.n > 0) {
        this.failResponses.n -= 1;
        this.refusedResponses.push({
          path: String(req.params.id),
          body: req.body,
          at: Date.now(),
          status: this.failResponses.status,
        });
        return void res.status(this.failResponses.status).send('expired_url');
      }
      this.responses.push({ path: String(req.params.id), body: req.body, at: Date.now() });
      res.status(200).json({ ok: true });
    });
    await new Promise<void>((r) => {
      this.server = app.listen(0, '127.0.0.1', () => r());
    });
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections?.();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  /** 0 when a chat.update may go now, else the whole seconds until it may. */
  private takeUpdate(): number {
    if (!this.updateRate) return 0;
    const { perMinute, burst } = this.updateRate;
    const now = Date.now();
    const b = this.updateBucket ?? { tokens: burst, at: now };
    b.tokens = Math.min(burst, b.tokens + ((now - b.at) / 60_000) * perMinute);
    b.at = now;
    this.updateBucket = b;
    if (b.tokens < 1) return Math.max(1, Math.ceil(((1 - b.tokens) * 60) / perMinute));
    b.tokens -= 1;
    return 0;
  }

  private take(channel: string): boolean {
    if (!this.rate) return true;
    const now = Date.now();
    const b = this.buckets.get(channel) ?? { tokens: this.rate.burst, at: now };
    b.tokens = Math.min(this.rate.burst, b.tokens + ((now - b.at) / 1000) * this.rate.perSecond);
    b.at = now;
    this.buckets.set(channel, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }
}

/** The bytes of the (first) file in a multipart/form-data body. */
async function filePart(raw: Buffer, contentType: string): Promise<Buffer> {
  const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
  for (const value of form.values()) if (typeof value !== 'string') return Buffer.from(await value.arrayBuffer());
  return Buffer.alloc(0);
}

/** The Web API sends objects (blocks, metadata, view, files) as JSON strings inside a form. */
function decode(body: Record<string, unknown>): Record<string, any> {
  const out: Record<string, any> = {};
  for (const [k, v] of Object.entries(body)) {
    if (typeof v === 'string' && /^[[{]/.test(v)) {
      try {
        out[k] = JSON.parse(v);
        continue;
      } catch {
        /* plain text that starts with a bracket */
      }
    }
    out[k] = v;
  }
  return out;
}
