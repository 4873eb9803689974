// Command envelopes { token, cmd, ...params } → replies, per the profile; ok:0 errors carry human text.
import type { Logger } from 'pino';
import type { SimOps } from './ops';
import { parseTs, SimError } from './state';
import type { CommandLogEntry, CommandReply, Conversation } from './types';

export type FailMode = '500' | 'timeout' | 'ok0';
export type CommandOutcome = { kind: 'reply'; reply: CommandReply } | { kind: 'fail500' } | { kind: 'hang' };
type Params = Record<string, unknown>;
type Result = { data?: unknown; uid?: string };

const str = (params: Params, name: string): string => {
  const v = params[name];
  if (typeof v !== 'string' || !v) throw new SimError(`Missing parameter: ${name}`);
  return v;
};
const optStr = (params: Params, name: string): string | undefined => {
  const v = params[name];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string') throw new SimError(`Invalid parameter: ${name}`);
  return v;
};
const int = (params: Params, name: string, dflt: number, min: number, max: number): number => {
  const v = params[name] ?? dflt;
  const n = typeof v === 'string' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max)
    throw new SimError(`Invalid parameter: ${name}`);
  return n;
};
const time = (params: Params, name: string): number => {
  const t = parseTs(str(params, name));
  if (Number.isNaN(t)) throw new SimError(`Invalid parameter: ${name}`);
  return t;
};

export class CommandHandler {
  readonly log: CommandLogEntry[] = [];
  private failing = { n: 0, mode: 'ok0' as FailMode };
  private readonly table: Record<string, (p: Params) => Result>;

  constructor(
    private readonly ops: SimOps,
    private readonly token: string,
    private readonly logger?: Logger,
  ) {
    const s = ops.state;
    const c = s.profile.commands;
    const withUid = (conv: Conversation): Result => ({ data: conv, uid: conv.uid });
    this.table = {
      [c.authenticate]: () => ({}),
      [c.getOpenConversations]: () => ({ data: [...s.conversations.values()].filter((x) => x.status === 'open') }),
      [c.getConversation]: (p) => {
        const conv = s.conversation(str(p, 'conversationId'));
        return { data: { ...conv, messages: s.messagesOf(conv.conversationId) }, uid: conv.uid };
      },
      [c.getConversations]: (p) => this.search(p),
      [c.getAgents]: () => ({ data: [...s.agents.values()] }),
      [c.getBusinessUnits]: () => ({ data: s.businessUnits.map((name) => ({ name })) }),
      [c.sendWhisper]: (p) => {
        const m = ops.whisper(str(p, 'conversationId'), str(p, 'text'), str(p, 'by'));
        return { data: { mid: m.mid }, uid: m.uid };
      },
      [c.transferConversation]: (p) => {
        const id = str(p, 'conversationId');
        const by = str(p, 'by');
        return withUid(
          ops.transfer(id, { toAgent: optStr(p, 'toAgent'), toBusinessUnit: optStr(p, 'toBusinessUnit') }, by),
        );
      },
      [c.finishConversation]: (p) => {
        const id = str(p, 'conversationId');
        return withUid(ops.finish(id, str(p, 'by')));
      },
      [c.getUser]: (p) => {
        const u = s.customers.get(str(p, 'uid'));
        if (!u) throw new SimError('Unknown user');
        return { data: u, uid: u.uid };
      },
    };
  }

  /** The next n commands fail: HTTP 500, no answer at all, or an ok:0 reply. */
  failNext(n: number, mode: FailMode): void {
    this.failing = { n, mode };
  }

  handle(body: unknown, transport: 'http' | 'ws'): CommandOutcome {
    if (!body || typeof body !== 'object' || Array.isArray(body))
      return reply({ cmd: '', ok: 0, error: 'Invalid request' });
    const { token, cmd: rawCmd, ...params } = body as Params;
    const cmd = typeof rawCmd === 'string' ? rawCmd : '';
    this.log.push({ cmd, params, at: new Date(), transport });
    this.logger?.debug({ cmd, transport }, 'simulator command');
    if (this.failing.n > 0) {
      this.failing.n--;
      if (this.failing.mode === '500') return { kind: 'fail500' };
      if (this.failing.mode === 'timeout') return { kind: 'hang' };
      return reply({ cmd, ok: 0, error: 'Service temporarily unavailable' });
    }
    if (token !== this.token) return reply({ cmd, ok: 0, error: 'Invalid token' });
    if (!cmd) return reply({ cmd, ok: 0, error: 'Missing cmd' });
    const run = Object.hasOwn(this.table, cmd) ? this.table[cmd] : undefined;
    if (!run) return reply({ cmd, ok: 0, error: `Unknown command ${cmd}` });
    try {
      const r = run(params);
      return reply({ cmd, ok: 1, ...(r.data !== undefined ? { data: r.data } : {}), ...(r.uid ? { uid: r.uid } : {}) });
    } catch (e) {
      if (e instanceof SimError) return reply({ cmd, ok: 0, error: e.message });
      this.logger?.error({ err: e, cmd }, 'simulator command failed');
      return reply({ cmd, ok: 0, error: 'Internal error' });
    }
  }

  private search(p: Params): Result {
    const from = time(p, 'from');
    const to = time(p, 'to');
    const status = optStr(p, 'status');
    if (status && status !== 'open' && status !== 'closed') throw new SimError('Invalid parameter: status');
    const agent = optStr(p, 'agent')?.toLowerCase();
    const businessUnit = optStr(p, 'businessUnit');
    const page = int(p, 'page', 1, 1, 1_000_000);
    const pageSize = int(p, 'pageSize', 50, 1, 500);
    const all = [...this.ops.state.conversations.values()].filter((c) => {
      const t = parseTs(c.startedAt);
      return (
        t >= from &&
        t <= to &&
        (!status || c.status === status) &&
        (!agent || c.agent?.email === agent) &&
        (!businessUnit || c.businessUnit === businessUnit)
      );
    });
    // Newest first, like the All Chats screen; ties (same ms) newest-created first.
    all.reverse().sort((a, b) => (a.startedAt < b.startedAt ? 1 : a.startedAt > b.startedAt ? -1 : 0));
    return { data: { items: all.slice((page - 1) * pageSize, page * pageSize), total: all.length } };
  }
}

function reply(r: CommandReply): CommandOutcome {
  return { kind: 'reply', reply: r };
}
