// Websocket /api: Authenticate, event pushes to authenticated clients only, and commands over the socket.
import { defaultProfile } from '../profile';
import { startSimulator, type Simulator } from './server';
import { connect } from './testkit';

const E = defaultProfile.events;
const C = defaultProfile.commands;
let sim: Simulator;

beforeEach(async () => {
  sim = await startSimulator({ token: 'tok', traffic: false });
});
afterEach(() => sim.stop());

describe('simulator websocket', () => {
  it('refuses a bad token with ok:0 and closes', async () => {
    const c = await connect(sim.wsUrl);
    c.send({ token: 'wrong', cmd: C.authenticate });
    expect(await c.next()).toEqual({ cmd: C.authenticate, ok: 0, error: 'Invalid token' });
    expect(await c.closed).toBe(4001);
  });

  it('pushes every event envelope to all authenticated clients, none to others', async () => {
    const a = await connect(sim.wsUrl);
    const b = await connect(sim.wsUrl);
    const anon = await connect(sim.wsUrl);
    for (const c of [a, b]) {
      c.send({ token: 'tok', cmd: C.authenticate });
      expect(await c.next()).toEqual({ cmd: C.authenticate, ok: 1 });
    }
    const conv = sim.control.startChat({ businessUnit: 'Sales', agentEmail: 'ann.lee@acme.test' });
    sim.control.say(conv.conversationId, 'customer', 'Hello?', [
      { name: 'receipt.pdf', url: 'https://files.acme.test/receipt.pdf', mime: 'application/pdf' },
    ]);
    await sim.flush();
    const last = await a.next((f) => (f.data as { text?: string } | undefined)?.text === 'Hello?');
    expect(last).toMatchObject({
      cmd: E.message,
      ok: 1,
      uid: conv.uid,
      data: { sender: 'customer', attachments: [{ name: 'receipt.pdf' }], eventId: expect.any(String) },
    });
    await b.next((f) => (f.data as { text?: string } | undefined)?.text === 'Hello?');
    expect(a.frames.slice(1).map((f) => f.cmd)).toEqual([
      E.conversationStart,
      E.message,
      E.message,
      E.message,
      E.conversationAssign,
      E.message,
      E.message,
    ]);
    expect(b.frames).toEqual(a.frames);
    expect(anon.frames).toHaveLength(0);
    expect(sim.stats.delivered).toBe(14);
    expect(sim.commandLog.filter((e) => e.cmd === C.authenticate)).toHaveLength(2);
  });

  it('answers commands over the socket with the same envelopes, including injected failures', async () => {
    const c = await connect(sim.wsUrl);
    c.send({ token: 'tok', cmd: C.getBusinessUnits });
    expect(await c.next()).toEqual({
      cmd: C.getBusinessUnits,
      ok: 1,
      data: [{ name: 'Sales' }, { name: 'Customer Support' }, { name: 'Tech Support' }],
    });
    c.send({ token: 'bad', cmd: C.getAgents });
    expect(await c.next()).toEqual({ cmd: C.getAgents, ok: 0, error: 'Invalid token' });
    c.ws.send('not json');
    expect(await c.next()).toMatchObject({ ok: 0, error: 'Invalid JSON' });
    sim.control.failCommands(1, '500');
    c.send({ token: 'tok', cmd: C.getAgents });
    expect(await c.next()).toMatchObject({ cmd: C.getAgents, ok: 0 });
    expect(sim.commandLog.map((e) => e.transport)).toEqual(['ws', 'ws', 'ws']);
  });

  it('drops clients on stop', async () => {
    const c = await connect(sim.wsUrl);
    c.send({ token: 'tok', cmd: C.authenticate });
    await c.next();
    await sim.stop();
    expect(await c.closed).toBeGreaterThan(0);
  });
});
