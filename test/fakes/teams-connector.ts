// A fake Bot Framework connector (the serviceUrl Teams activities carry): records calls, answers like the
// real service, and fails on demand (429 with Retry-After, 5xx, 403).
import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ConnectorCall {
  method: string;
  path: string;
  conversationId?: string;
  activityId?: string;
  body: any;
  status: number;
  at: number;
}
export interface PostedActivity {
  conversationId: string;
  id: string;
  activity: any;
  replyToId?: string;
  updates: any[];
}
export interface Member {
  id: string;
  name: string;
  aadObjectId: string;
  email?: string;
  userPrincipalName?: string;
}

export class FakeConnector {
  url = '';
  readonly calls: ConnectorCall[] = [];
  /** Every activity the bot posted, by conversation, with later updates (updateActivity) applied in `updates`. */
  readonly activities: PostedActivity[] = [];
  /** Members by their Bot Framework id (29:…). */
  readonly members: Record<string, Member> = {};
  /** Milliseconds each operation takes before it is answered (a slow service makes calls overlap). */
  readonly latency: Partial<Record<'send' | 'update' | 'create' | 'member', number>> = {};
  private readonly failures: { op: string; status: number; retryAfter?: string; conversationId?: string }[] = [];
  /** Channels (team conversations) the bot was removed from: every call about them or their threads answers 403. */
  private readonly removedFrom = new Set<string>();
  private seq = 1000;
  private server?: Server;

  /**
   * The next n calls of `op` answer `status` (429s with Retry-After). With `conversationId`, only calls about that
   * conversation fail (for `create`: a new thread in that channel), so unrelated posts cannot use the failure up.
   */
  failNext(
    op: 'send' | 'update' | 'create' | 'member',
    n: number,
    status: number,
    retryAfter = '1',
    conversationId?: string,
  ): void {
    for (let i = 0; i < n; i++) this.failures.push({ op, status, retryAfter, conversationId });
  }

  /** The app was removed from the team this channel belongs to (or the channel was deleted): Teams answers 403. */
  removeBotFrom(channel: string): void {
    this.removedFrom.add(channel);
  }

  /** Calls (all operations, failed ones included) about one conversation. */
  callsIn(conversationId: string): ConnectorCall[] {
    return this.calls.filter((c) => c.conversationId === conversationId);
  }

  /** Activities posted into a conversation (for a channel thread: `<channel>;messageid=<root>`). */
  postsIn(conversationId: string): PostedActivity[] {
    return this.activities.filter((a) => a.conversationId === conversationId);
  }

  /** The latest version of an activity (after updates). */
  latest(p: PostedActivity): any {
    return p.updates.at(-1) ?? p.activity;
  }

  callsOf(op: string): ConnectorCall[] {
    return this.calls.filter((c) => c.method === op);
  }

  async start(): Promise<this> {
    const app = express();
    app.use(express.json({ limit: '5mb' }));
    const ops: Record<string, 'send' | 'update' | 'create' | 'member'> = { POST: 'send', PUT: 'update', GET: 'member' };
    app.use((req, _res, next) => {
      const op = req.method === 'POST' && req.path === '/v3/conversations' ? 'create' : ops[req.method];
      const ms = op ? this.latency[op] : undefined;
      if (ms) setTimeout(next, ms);
      else next();
    });
    const record = (method: string, req: express.Request, status: number): ConnectorCall => {
      const call: ConnectorCall = {
        method,
        path: req.path,
        conversationId: req.params.conversationId as string | undefined,
        activityId: req.params.activityId as string | undefined,
        body: req.body,
        status,
        at: Date.now(),
      };
      this.calls.push(call);
      return call;
    };
    const failure = (op: string, req: express.Request, res: express.Response): boolean => {
      const about = op === 'create' ? req.body?.channelData?.channel?.id : req.params.conversationId;
      if (about && this.removedFrom.has(String(about).split(';messageid=')[0])) {
        record(op, req, 403);
        res.status(403).json({
          error: { code: 'BotNotInConversationRoster', message: 'The bot is not part of the conversation roster.' },
        });
        return true;
      }
      const i = this.failures.findIndex((f) => f.op === op && (!f.conversationId || f.conversationId === about));
      if (i < 0) return false;
      const [f] = this.failures.splice(i, 1);
      record(op, req, f.status);
      if (f.status === 429 && f.retryAfter) res.set('Retry-After', f.retryAfter);
      res
        .status(f.status)
        .json({ error: { code: f.status === 429 ? 'TooManyRequests' : 'Failure', message: 'fake failure' } });
      return true;
    };
    app.post('/v3/conversations', (req, res) => {
      if (failure('create', req, res)) return;
      record('create', req, 201);
      const root = String(++this.seq);
      const channel = req.body?.channelData?.channel?.id ?? `a:new-${root}`;
      const conversationId = `${channel};messageid=${root}`;
      this.activities.push({ conversationId, id: root, activity: req.body.activity, updates: [] });
      res.status(201).json({ id: conversationId, activityId: root });
    });
    app.post('/v3/conversations/:conversationId/activities', (req, res) => {
      if (failure('send', req, res)) return;
      record('send', req, 200);
      const id = String(++this.seq);
      this.activities.push({ conversationId: String(req.params.conversationId), id, activity: req.body, updates: [] });
      res.status(200).json({ id });
    });
    app.post('/v3/conversations/:conversationId/activities/:activityId', (req, res) => {
      if (failure('send', req, res)) return;
      record('reply', req, 200);
      const id = String(++this.seq);
      this.activities.push({
        conversationId: String(req.params.conversationId),
        id,
        activity: req.body,
        replyToId: String(req.params.activityId),
        updates: [],
      });
      res.status(200).json({ id });
    });
    app.put('/v3/conversations/:conversationId/activities/:activityId', (req, res) => {
      if (failure('update', req, res)) return;
      const target = this.activities.find((a) => a.id === req.params.activityId);
      record('update', req, target ? 200 : 404);
      if (!target) return void res.status(404).json({ error: { code: 'ActivityNotFound', message: 'not found' } });
      target.updates.push(req.body);
      res.status(200).json({ id: target.id });
    });
    app.get('/v3/conversations/:conversationId/members/:memberId', (req, res) => {
      if (failure('member', req, res)) return;
      const m =
        this.members[String(req.params.memberId)] ??
        Object.values(this.members).find((x) => x.aadObjectId === req.params.memberId);
      record('member', req, m ? 200 : 404);
      if (!m)
        return void res.status(404).json({ error: { code: 'MemberNotFoundInConversation', message: 'not found' } });
      res.status(200).json({
        ...m,
        givenName: m.name.split(' ')[0],
        surname: m.name.split(' ')[1] ?? '',
        tenantId: 'tenant-1',
        userRole: 'user',
      });
    });
    app.use((req, res) => {
      record('unknown', req, 404);
      res.status(404).json({ error: { code: 'NotFound', message: `fake connector has no ${req.method} ${req.path}` } });
    });
    await new Promise<void>((r) => {
      this.server = app.listen(0, '127.0.0.1', () => r());
    });
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections?.();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }
}
