// Traffic generator: a plausible, well-formed event stream at a high rate; quiet chats; reproducibility.
import { scoreWithLexicon } from '../../scoring/lexicon';
import { defaultProfile } from '../profile';
import { SimOps } from './ops';
import { buildPopulation, mulberry32 } from './population';
import { startSimulator } from './server';
import { parseTs, SimState } from './state';
import { connect } from './testkit';
import { TrafficGenerator, type TrafficOptions } from './traffic';
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
      // About a second; longer on a loaded machine (fewer ticks), until the stream holds a handover between units
      // and an angry customer line (both come from scripted chats a busy machine may not have reached in a second).
      const ANGRY = /third time|unacceptable|Worst|Ridiculous|cancelling|TWICE|useless/;
      const seen = () => {
        const frames = ws.frames as unknown as EventEnvelope[];
        return (
          frames.some((e) => e.cmd === E.conversationAssign && (e.data as { reason?: string }).reason === 'transfer') &&
          frames.some(
            (e) =>
              e.cmd === E.message &&
              (e.data as Partial<Message>).sender === 'customer' &&
              ANGRY.test((e.data as Partial<Message>).text ?? ''),
          )
        );
      };
      const since = Date.now();
      while (Date.now() - since < 1000 || (!seen() && Date.now() - since < 10_000))
        await new Promise((r) => setTimeout(r, 50));
      sim.traffic.stop();
      await sim.flush();
      await new Promise((r) => setTimeout(r, 50));
      const events = ws.frames.slice(1) as unknown as EventEnvelope[];
      const kinds = new Set(events.map((e) => e.cmd));
      for (const k of Object.values(E)) expect(kinds).toContain(k);
      expect(events.filter((e) => e.cmd === E.message).length).toBeGreaterThan(150);
      expect(new Set(events.map((e) => e.data.eventId)).size).toBe(events.length);
      expect(
        events.every(
          (e) =>
            e.ok === 1 &&
            (e.cmd === E.agentStatus ? e.uid === undefined : typeof e.uid === 'string' && e.uid.length > 0),
        ),
      ).toBe(true);

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
      expect(messages.some((m) => m.sender === 'customer' && ANGRY.test(m.text))).toBe(true);
      expect(events.some((e) => e.cmd === E.conversationAssign && e.data.reason === 'transfer')).toBe(true);
      const open = [...sim.state.conversations.values()].filter((c) => c.status === 'open');
      expect(open.length).toBeLessThanOrEqual(6);
      for (const a of sim.state.agents.values())
        expect(a.openChats).toBe(open.filter((c) => c.agent?.email === a.email).length);
    } finally {
      await sim.stop();
    }
  });

  const run = (seed: number, options: Partial<TrafficOptions> = {}, ticks = 300) => {
    let now = Date.UTC(2026, 10, 24, 10, 0, 0);
    const state = new SimState(buildPopulation({ seed }), defaultProfile, '', () => now);
    const events: EventEnvelope[] = [];
    state.sink = (e) => void events.push(e);
    const gen = new TrafficGenerator(new SimOps(state, mulberry32(seed)), {
      chats: 10,
      messagesPerSecond: 20,
      seed,
      quietMs: [60_000, 60_000],
      ...options,
    });
    gen.tick(now);
    for (let i = 0; i < ticks; i++) gen.tick((now += 100));
    return { state, events, end: now };
  };

  /** Finished chats with their messages, as the lexicon scorer sees them, and their thumbs. */
  const finished = (r: ReturnType<typeof run>) =>
    [...r.state.conversations.values()]
      .filter((c) => c.status === 'closed')
      .map((c) => {
        const messages = r.state.messagesOf(c.conversationId);
        const lines = messages.flatMap((m) =>
          m.sender === 'customer' || m.sender === 'agent'
            ? [{ role: m.sender, text: m.text, at: new Date(parseTs(m.timestamp)) }]
            : [],
        );
        return {
          c,
          messages,
          score: scoreWithLexicon({ chatRef: c.conversationId, lines, thumbs: c.thumbs, finished: true }),
        };
      });

  it('lets some chats go quiet for minutes and is reproducible from the seed', () => {
    const a = run(9);
    const b = run(9);
    expect(b.events).toEqual(a.events);
    expect(run(10).events).not.toEqual(a.events);
    const quiet = [...a.state.conversations.values()].filter(
      (c) => c.status === 'open' && a.end - Date.parse(c.lastActivityAt + 'Z') >= 5_000,
    );
    expect(quiet.length).toBeGreaterThan(0);
    expect(a.events.some((e) => e.cmd === E.feedback)).toBe(true);
  });

  it('plays each chat to its end: the agent finishes it, the customer rates it after, transfers are the agent handing over', () => {
    const r = run(21, { chats: 12, messagesPerSecond: 40 }, 600);
    const done = finished(r);
    expect(done.length).toBeGreaterThan(40);
    for (const { c, messages } of done) {
      // The last line before the finish is the agent's; the finish names them (the Convrs app's own finish).
      const [closing, fin] = messages.slice(-2);
      expect(closing!.sender).toBe('agent');
      expect(fin).toMatchObject({ sender: 'system', text: `Conversation finished by ${c.agent!.name}.` });
    }
    const feedback = r.events.filter((e) => e.cmd === E.feedback);
    expect(feedback.length).toBeGreaterThan(10);
    for (const f of feedback) {
      const at = r.events.indexOf(f);
      const fin = r.events.findIndex(
        (e) => e.cmd === E.conversationFinished && e.data.conversationId === f.data.conversationId,
      );
      expect(fin).toBeGreaterThanOrEqual(0);
      expect(fin).toBeLessThan(at);
    }
    const transfers = r.events.filter((e) => e.cmd === E.conversationAssign && e.data.reason === 'transfer');
    expect(transfers.length).toBeGreaterThan(0);
    for (const t of transfers) {
      const messages = r.state.messagesOf(t.data.conversationId as string);
      const note = messages.findIndex((m) => m.sender === 'system' && m.text.startsWith('Conversation transferred'));
      const [handoff, system, takeover] = messages.slice(note - 1, note + 2);
      expect(handoff!.sender).toBe('agent');
      expect(handoff!.text).toContain(t.data.businessUnit as string);
      expect(system!.text).toMatch(new RegExp(`to .*\\(${t.data.businessUnit}\\) by ${handoff!.author.name}\\.$`));
      // The agent who picks it up introduces themselves from the new unit.
      expect(takeover!.sender).toBe('agent');
      expect(takeover!.text).toContain(`${takeover!.author.name.split(' ')[0]} `);
      expect(takeover!.text).toContain(t.data.businessUnit as string);
    }
  });

  it('the mood mix shows in the lexicon sentiment and the thumbs of the chats the generator plays', () => {
    const angry = finished(run(5, { moods: { happy: 0, neutral: 0, angry: 1 }, quietMs: [2000, 2000] }, 600));
    const happy = finished(run(5, { moods: { happy: 1, neutral: 0, angry: 0 }, quietMs: [2000, 2000] }, 600));
    expect(angry.length).toBeGreaterThan(20);
    expect(happy.length).toBeGreaterThan(20);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(angry.map((d) => d.score.sentiment.score))).toBeLessThan(-0.3);
    expect(mean(happy.map((d) => d.score.sentiment.score))).toBeGreaterThan(0.2);
    expect(angry.every((d) => d.c.thumbs !== 'up')).toBe(true);
    expect(happy.filter((d) => d.c.thumbs === 'up').length).toBeGreaterThan(happy.length / 2);
    // Angry customers nudge an agent who went quiet.
    expect(
      angry.some((d) =>
        d.messages.some((m) => m.sender === 'customer' && /\?\?|Still waiting for an answer/.test(m.text)),
      ),
    ).toBe(true);
  });
});
