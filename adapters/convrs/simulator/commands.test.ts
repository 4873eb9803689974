// Commands over HTTP: every profile command, its ok:0 errors, the command log and failCommands.
import { defaultProfile } from '../profile';
import { startSimulator, type Simulator } from './server';
import { call } from './testkit';
import type { Agent, Conversation, Message } from './types';

const TOKEN = 'tok';
const C = defaultProfile.commands;
let sim: Simulator;
const cmd = (name: string, params: Record<string, unknown> = {}) =>
  call(sim.apiUrl, { token: TOKEN, cmd: name, ...params });

beforeEach(async () => {
  sim = await startSimulator({ token: TOKEN, seed: 3, traffic: false, idTag: '' });
});
afterEach(() => sim.stop());

describe('simulator commands', () => {
  it('rejects a wrong or missing token with ok:0 and HTTP 200', async () => {
    for (const token of ['nope', undefined]) {
      const r = await call(sim.apiUrl, { token, cmd: C.getAgents });
      expect(r).toEqual({ status: 200, json: { cmd: C.getAgents, ok: 0, error: 'Invalid token' } });
    }
  });

  it('answers unknown commands, missing cmd and bad JSON with ok:0', async () => {
    expect((await cmd('Frobnicate')).json).toEqual({ cmd: 'Frobnicate', ok: 0, error: 'Unknown command Frobnicate' });
    expect((await call(sim.apiUrl, { token: TOKEN })).json).toMatchObject({ ok: 0, error: 'Missing cmd' });
    const res = await fetch(sim.apiUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{oops',
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: 0, error: 'Invalid JSON' });
  });

  it('lists agents and business units', async () => {
    const agents = (await cmd(C.getAgents)).json.data as Agent[];
    expect(agents.length).toBeGreaterThanOrEqual(9);
    expect(agents.find((a) => a.email === 'sam.boss@acme.test')).toMatchObject({
      name: 'Sam Boss',
      permissions: ['Supervise', 'Supervise Open Chats', 'All Chats'],
      businessUnits: ['Sales', 'Customer Support', 'Tech Support'],
    });
    expect(agents.find((a) => a.email === 'sue.sales@acme.test')).toMatchObject({
      permissions: ['Supervise'],
      businessUnits: ['Sales'],
    });
    expect(agents.some((a) => a.permissions.length === 0)).toBe(true);
    expect((await cmd(C.getBusinessUnits)).json).toEqual({
      cmd: C.getBusinessUnits,
      ok: 1,
      data: [{ name: 'Sales' }, { name: 'Customer Support' }, { name: 'Tech Support' }],
    });
  });

  it('returns open conversations and one conversation with its messages', async () => {
    const a = sim.control.startChat({
      businessUnit: 'Sales',
      agentEmail: 'ann.lee@acme.test',
      customerName: 'Jo Test',
      messages: 3,
    });
    const b = sim.control.startChat({ businessUnit: 'Tech Support' });
    sim.control.finish(b.conversationId);
    const open = (await cmd(C.getOpenConversations)).json.data as Conversation[];
    expect(open.map((c) => c.conversationId)).toEqual([a.conversationId]);
    expect(open[0]).toMatchObject({
      conversationId: 'cv_1',
      channel: expect.any(String),
      customer: { name: 'Jo Test', country: expect.any(String) },
      businessUnit: 'Sales',
      agent: { email: 'ann.lee@acme.test', name: 'Ann Lee' },
      direction: 'inbound',
      status: 'open',
      closedAt: null,
      thumbs: null,
    });
    expect(open[0]!.startedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}$/);
    const one = await cmd(C.getConversation, { conversationId: a.conversationId });
    const data = one.json.data as Conversation & { messages: Message[] };
    expect(one.json.uid).toBe(a.uid);
    expect(data.messages.map((m) => m.sender)).toEqual([
      'bot',
      'customer',
      'bot',
      'agent',
      'customer',
      'agent',
      'customer',
    ]);
    expect(data.messages[1]).toMatchObject({
      conversationId: a.conversationId,
      uid: a.uid,
      author: { name: 'Jo Test' },
      attachments: [],
    });
    expect((await cmd(C.getConversation, { conversationId: 'cv_404' })).json).toEqual({
      cmd: C.getConversation,
      ok: 0,
      error: 'Unknown conversation',
    });
    expect((await cmd(C.getConversation)).json).toMatchObject({ ok: 0, error: 'Missing parameter: conversationId' });
  });

  it('searches conversations by time, status, agent and unit, with paging', async () => {
    const made = Array.from({ length: 5 }, (_, i) =>
      sim.control.startChat({
        businessUnit: i < 3 ? 'Sales' : 'Customer Support',
        agentEmail: i < 3 ? 'ann.lee@acme.test' : 'carla.diaz@acme.test',
      }),
    );
    sim.control.finish(made[0]!.conversationId);
    const range = { from: '2000-01-01T00:00:00', to: '2100-01-01T00:00:00' };
    const all = (await cmd(C.getConversations, { ...range, page: 1, pageSize: 2 })).json.data as {
      items: Conversation[];
      total: number;
    };
    expect(all.total).toBe(5);
    expect(all.items.map((c) => c.conversationId)).toEqual(['cv_5', 'cv_4']);
    const page3 = (await cmd(C.getConversations, { ...range, page: 3, pageSize: 2 })).json.data as {
      items: Conversation[];
    };
    expect(page3.items.map((c) => c.conversationId)).toEqual(['cv_1']);
    const closed = (await cmd(C.getConversations, { ...range, status: 'closed', page: 1, pageSize: 10 })).json.data as {
      total: number;
    };
    expect(closed.total).toBe(1);
    expect(
      (
        (await cmd(C.getConversations, { ...range, agent: 'carla.diaz@acme.test', page: 1, pageSize: 10 })).json
          .data as { total: number }
      ).total,
    ).toBe(2);
    expect(
      (
        (await cmd(C.getConversations, { ...range, businessUnit: 'Sales', page: 1, pageSize: 10 })).json.data as {
          total: number;
        }
      ).total,
    ).toBe(3);
    expect(
      (
        (
          await cmd(C.getConversations, {
            from: '2000-01-01T00:00:00',
            to: '2000-01-02T00:00:00',
            page: 1,
            pageSize: 10,
          })
        ).json.data as { total: number }
      ).total,
    ).toBe(0);
    expect((await cmd(C.getConversations, { to: range.to })).json).toMatchObject({
      ok: 0,
      error: 'Missing parameter: from',
    });
    expect((await cmd(C.getConversations, { ...range, status: 'weird' })).json).toMatchObject({
      ok: 0,
      error: 'Invalid parameter: status',
    });
    expect((await cmd(C.getConversations, { ...range, pageSize: 0 })).json).toMatchObject({
      ok: 0,
      error: 'Invalid parameter: pageSize',
    });
  });

  it('stores a whisper, names its author and emits it as onMessage', async () => {
    const c = sim.control.startChat({ businessUnit: 'Sales' });
    const emitted: string[] = [];
    sim.state.sink = (env) => void emitted.push(`${env.cmd}:${(env.data as { sender?: string }).sender}`);
    const r = await cmd(C.sendWhisper, {
      conversationId: c.conversationId,
      text: 'Offer the refund',
      by: 'sam.boss@acme.test',
    });
    expect(r.json).toMatchObject({ cmd: C.sendWhisper, ok: 1, data: { mid: expect.stringMatching(/^m_\d+$/) } });
    const mid = (r.json.data as { mid: string }).mid;
    const stored = sim.state.messagesOf(c.conversationId).find((m) => m.mid === mid);
    expect(stored).toMatchObject({
      sender: 'whisper',
      author: { email: 'sam.boss@acme.test', name: 'Sam Boss' },
      text: 'Offer the refund',
    });
    expect(emitted).toEqual([`${defaultProfile.events.message}:whisper`]);
    expect(
      (await cmd(C.sendWhisper, { conversationId: c.conversationId, text: 'x', by: 'ext@else.test' })).json.ok,
    ).toBe(1);
    expect(sim.state.messagesOf(c.conversationId).at(-1)!.author).toEqual({
      email: 'ext@else.test',
      name: 'ext@else.test',
    });
    expect(
      (await cmd(C.sendWhisper, { conversationId: c.conversationId, by: 'sam.boss@acme.test' })).json,
    ).toMatchObject({ ok: 0, error: 'Missing parameter: text' });
    expect((await cmd(C.sendWhisper, { conversationId: 'nope', text: 'x', by: 'a@b' })).json).toMatchObject({
      ok: 0,
      error: 'Unknown conversation',
    });
  });

  it('transfers to an agent or a unit, and refuses unknown agents and closed chats', async () => {
    const c = sim.control.startChat({ businessUnit: 'Sales', agentEmail: 'ann.lee@acme.test' });
    const events: Array<{ cmd: string; data: Record<string, unknown> }> = [];
    sim.state.sink = (env) => void events.push(env);
    const r = await cmd(C.transferConversation, {
      conversationId: c.conversationId,
      toAgent: 'carla.diaz@acme.test',
      by: 'sam.boss@acme.test',
    });
    expect(r.json).toMatchObject({
      ok: 1,
      uid: c.uid,
      data: { agent: { email: 'carla.diaz@acme.test' }, businessUnit: 'Customer Support', direction: 'transfer' },
    });
    expect(events.map((e) => e.cmd)).toEqual([defaultProfile.events.conversationAssign, defaultProfile.events.message]);
    expect(events[0]!.data).toMatchObject({
      conversationId: c.conversationId,
      agent: { email: 'carla.diaz@acme.test', name: 'Carla Diaz' },
      businessUnit: 'Customer Support',
      reason: 'transfer',
    });
    expect(events[1]!.data).toMatchObject({ sender: 'system', text: expect.stringContaining('by Sam Boss') });
    const toBu = await cmd(C.transferConversation, {
      conversationId: c.conversationId,
      toBusinessUnit: 'Tech Support',
      by: 'sam.boss@acme.test',
    });
    expect(toBu.json.data).toMatchObject({ businessUnit: 'Tech Support' });
    expect(sim.state.agents.get('carla.diaz@acme.test')!.openChats).toBe(0);
    expect(
      (await cmd(C.transferConversation, { conversationId: c.conversationId, toAgent: 'ghost@acme.test', by: 'x@y' }))
        .json,
    ).toMatchObject({ ok: 0, error: 'Unknown agent' });
    expect(
      (await cmd(C.transferConversation, { conversationId: c.conversationId, toBusinessUnit: 'Nowhere', by: 'x@y' }))
        .json,
    ).toMatchObject({ ok: 0, error: 'Unknown business unit' });
    expect((await cmd(C.transferConversation, { conversationId: c.conversationId, by: 'x@y' })).json).toMatchObject({
      ok: 0,
      error: 'Missing parameter: toAgent or toBusinessUnit',
    });
    expect(
      (await cmd(C.transferConversation, { conversationId: c.conversationId, toAgent: 'ann.lee@acme.test' })).json,
    ).toMatchObject({ ok: 0, error: 'Missing parameter: by' });
    sim.control.finish(c.conversationId);
    expect(
      (await cmd(C.transferConversation, { conversationId: c.conversationId, toAgent: 'ann.lee@acme.test', by: 'x@y' }))
        .json,
    ).toMatchObject({ ok: 0, error: 'Conversation is closed' });
  });

  it('finishes a conversation and emits onUserConversation with its messages', async () => {
    const c = sim.control.startChat({ businessUnit: 'Sales', agentEmail: 'ann.lee@acme.test' });
    expect(sim.state.agents.get('ann.lee@acme.test')!.openChats).toBe(1);
    const events: Array<{ cmd: string; data: Record<string, unknown> }> = [];
    sim.state.sink = (env) => void events.push(env);
    const r = await cmd(C.finishConversation, { conversationId: c.conversationId, by: 'sue.sales@acme.test' });
    expect(r.json).toMatchObject({ ok: 1, data: { status: 'closed', closedAt: expect.stringMatching(/\.\d{3}$/) } });
    const fin = events.find((e) => e.cmd === defaultProfile.events.conversationFinished)!;
    expect(fin.data).toMatchObject({
      conversationId: c.conversationId,
      closedAt: (r.json.data as Conversation).closedAt,
    });
    expect((fin.data.messages as Message[]).at(-1)).toMatchObject({
      sender: 'system',
      text: 'Conversation finished by Sue Sales.',
    });
    expect(sim.state.agents.get('ann.lee@acme.test')!.openChats).toBe(0);
    expect((await cmd(C.finishConversation, { conversationId: c.conversationId, by: 'x@y' })).json).toEqual({
      cmd: C.finishConversation,
      ok: 0,
      error: 'Conversation is closed',
    });
    expect((await cmd(C.sendWhisper, { conversationId: c.conversationId, text: 'x', by: 'x@y' })).json).toMatchObject({
      ok: 0,
      error: 'Conversation is closed',
    });
  });

  it('returns a customer by uid', async () => {
    const c = sim.control.startChat({ customerName: 'Pat Doe' });
    expect((await cmd(C.getUser, { uid: c.uid })).json).toEqual({
      cmd: C.getUser,
      ok: 1,
      uid: c.uid,
      data: { uid: c.uid, name: 'Pat Doe', country: expect.any(String) },
    });
    expect((await cmd(C.getUser, { uid: 'u_none' })).json).toEqual({ cmd: C.getUser, ok: 0, error: 'Unknown user' });
  });

  it('logs every command without its token', async () => {
    await cmd(C.getAgents);
    await call(sim.apiUrl, { token: 'bad', cmd: C.getUser, uid: 'u1' });
    expect(sim.commandLog.map((e) => [e.cmd, e.params, e.transport])).toEqual([
      [C.getAgents, {}, 'http'],
      [C.getUser, { uid: 'u1' }, 'http'],
    ]);
    expect(sim.commandLog[0]!.at).toBeInstanceOf(Date);
  });

  it('fails the next n commands as asked: HTTP 500, ok:0, or no answer', async () => {
    sim.control.failCommands(2, '500');
    expect((await cmd(C.getAgents)).status).toBe(500);
    expect((await cmd(C.getAgents)).status).toBe(500);
    expect((await cmd(C.getAgents)).json.ok).toBe(1);
    sim.control.failCommands(1, 'ok0');
    expect(await cmd(C.getAgents)).toEqual({
      status: 200,
      json: { cmd: C.getAgents, ok: 0, error: 'Service temporarily unavailable' },
    });
    sim.control.failCommands(1, 'timeout');
    const hung = fetch(sim.apiUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: TOKEN, cmd: C.getAgents }),
      signal: AbortSignal.timeout(300),
    });
    await expect(hung).rejects.toThrow();
    expect((await cmd(C.getAgents)).json.ok).toBe(1);
    expect(sim.commandLog).toHaveLength(6);
  });
});
