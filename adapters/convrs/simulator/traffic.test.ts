// Traffic generator: a plausible, well-formed event stream at a high rate; quiet chats; reproducibility.
import { defaultProfile } from '../profile';
import { SimOps } from './ops';
import { buildPopulation, mulberry32 } from './population';
import { startSimulator } from './server';
import { SimState } from './state';
import { connect } from './testkit';
import { TrafficGenerator } from './traffic';
import type { EventEnvelope, Message } from './types';

const E = defaultProfile.events;

describe('simulator traffic', () => {
  it('produces a plausible stream for a second at a high rate', async () => {
    const sim = await startSimulator({ token: 'tok', seed: 42, traffic: false });
    try {
      const ws = await connect(sim.wsUrl);
      ws.send({ token: 'tok', cmd: defaultProfile.commands.authenticate });
      await ws.next();
      sim.traffic.start({ chats: 6, messagesPerSecond: 400, agentStatusEverySec: 0.2 });
      await new Promise((r) => setTimeout(r, 1000));
      sim.traffic.stop();
      await sim.flush();
      await new Promise((r) => setTimeout(r, 50));
      const events = ws.frames.slice(1) as unknown as EventEnvelope[];
      const kinds = new Set(events.map((e) => e.cmd));
      for (const k of Object.values(E)) expect(kinds).toContain(k);
      expect(events.filter((e) => e.cmd === E.message).length).toBeGreaterThan(150);
      expect(new Set(events.map((e) => e.data.eventId)).size).toBe(events.length);
      expect(events.every((e) => e.ok === 1 && (e.cmd === E.agentStatus ? e.uid === undefined : typeof e.uid === 'string' && e.uid.length > 0))).toBe(true);

      const started = new Set<string>();
      const lastTs = new Map<string, string>();
      const mids = new Map<string, string[]>();
      for (const e of events) {
        const d = e.data as Record<string, unknown> & Partial<Message>;
        if (e.cmd === E.conversationStart) started.add(d.conversationId!);
        if (e.cmd !== E.message) continue;
        expect(started.has(d.conversationId!)).toBe(true);
        expect(d.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}$/);
        expect(d.timestamp! > (lastTs.get(d.conversationId!) ?? '')).toBe(true);
        lastTs.set(d.conversationId!, d.timestamp!);
        mids.set(d.conversationId!, [...(mids.get(d.conversationId!) ?? []), d.mid!]);
      }
      for (const fin of events.filter((e) => e.cmd === E.conversationFinished)) {
        const d = fin.data as unknown as { conversationId: string; closedAt: string; messages: Message[] };
        expect(d.messages.map((m) => m.mid)).toEqual(mids.get(d.conversationId));
        expect(d.closedAt > d.messages.at(-1)!.timestamp).toBe(true);
      }
      const messages = events.filter((e) => e.cmd === E.message).map((e) => e.data as unknown as Message);
      expect(new Set(messages.map((m) => m.sender))).toEqual(new Set(['bot', 'customer', 'agent', 'system']));
      expect(messages.some((m) => m.attachments.length > 0)).toBe(true);
      expect(messages.some((m) => m.sender === 'customer' && /third time|unacceptable|Worst|Ridiculous|cancelling|TWICE|useless/.test(m.text))).toBe(true);
      expect(events.some((e) => e.cmd === E.conversationAssign && e.data.reason === 'transfer')).toBe(true);
      const open = [...sim.state.conversations.values()].filter((c) => c.status === 'open');
      expect(open.length).toBeLessThanOrEqual(6);
      for (const a of sim.state.agents.values()) expect(a.openChats).toBe(open.filter((c) => c.agent?.email === a.email).length);
    } finally {
      await sim.stop();
    }
  });

  const run = (seed: number) => {
    let now = Date.UTC(2026, 10, 24, 10, 0, 0);
    const state = new SimState(buildPopulation({ seed }), defaultProfile, '', () => now);
    const events: EventEnvelope[] = [];
    state.sink = (e) => void events.push(e);
    const gen = new TrafficGenerator(new SimOps(state, mulberry32(seed)), { chats: 10, messagesPerSecond: 20, seed, quietMs: [60_000, 60_000] });
    gen.tick(now);
    for (let i = 0; i < 300; i++) gen.tick((now += 100));
    return { state, events, end: now };
  };

  it('lets some chats go quiet for minutes and is reproducible from the seed', () => {
    const a = run(9);
    const b = run(9);
    expect(b.events).toEqual(a.events);
    expect(run(10).events).not.toEqual(a.events);
    const quiet = [...a.state.conversations.values()].filter((c) => c.status === 'open' && a.end - Date.parse(c.lastActivityAt + 'Z') >= 5_000);
    expect(quiet.length).toBeGreaterThan(0);
    expect(a.events.some((e) => e.cmd === E.feedback)).toBe(true);
  });
});
