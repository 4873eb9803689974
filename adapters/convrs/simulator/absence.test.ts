// Absences in generated traffic: now and then an agent holding chats goes Offline or Away, keeps them, and comes back;
// ordinary status changes never leave chats behind; an Away agent is not routed new chats.
import { defaultProfile } from '../profile';
import { SimOps } from './ops';
import { buildPopulation, mulberry32 } from './population';
import { SimState } from './state';
import { TrafficGenerator } from './traffic';
import type { Agent, EventEnvelope } from './types';

const E = defaultProfile.events;

function run(seed: number, absenceEverySec: number, ticks = 3000) {
  let now = Date.UTC(2026, 11, 7, 10, 0, 0);
  const state = new SimState(buildPopulation({ seed }), defaultProfile, '', () => now);
  const events: EventEnvelope[] = [];
  state.sink = (e) => void events.push(e);
  const gen = new TrafficGenerator(new SimOps(state, mulberry32(seed)), {
    chats: 8,
    messagesPerSecond: 4,
    seed,
    agentStatusEverySec: 2,
    absenceEverySec,
    absenceMs: [20_000, 30_000],
    quietMs: [60_000, 60_000],
  });
  gen.tick(now);
  // Open chats per agent right before each of her status events.
  const held: { agent: Agent; open: number }[] = [];
  state.sink = (e) => {
    if (e.cmd === E.agentStatus) {
      const a = e.data as unknown as Agent;
      held.push({
        agent: a,
        open: [...state.conversations.values()].filter((c) => c.status === 'open' && c.agent?.email === a.email).length,
      });
    }
    events.push(e);
  };
  for (let i = 0; i < ticks; i++) gen.tick((now += 100));
  return { state, events, held };
}

describe('absences', () => {
  it('an agent holding chats goes Offline or Away and comes back; ordinary changes never take one holding chats Offline', () => {
    const { held } = run(3, 30);
    const gone = held.filter(
      (h) => h.open > 0 && (h.agent.status === 'Offline' || /^away\b/i.test(h.agent.selfStatus ?? '')),
    );
    expect(gone.length).toBeGreaterThan(0);
    for (const g of gone) {
      const back = held.slice(held.indexOf(g) + 1).find((h) => h.agent.email === g.agent.email);
      if (back) expect(back.agent).toMatchObject({ status: 'Online', selfStatus: 'Available' });
    }
    // Without absences, nobody holding chats goes Offline or Away.
    expect(
      run(3, 0).held.filter(
        (h) => h.open > 0 && (h.agent.status === 'Offline' || /^away\b/i.test(h.agent.selfStatus ?? '')),
      ),
    ).toEqual([]);
  });

  it('is reproducible from the seed', () => {
    expect(run(5, 30, 1000).events).toEqual(run(5, 30, 1000).events);
  });

  it('routes new chats past an agent who set herself Away', () => {
    const state = new SimState(buildPopulation({ seed: 1 }), defaultProfile, '');
    state.setAgentStatus('bob.marsh@acme.test', 'Online', null);
    state.setAgentStatus('ann.lee@acme.test', 'Online', 'Away');
    expect(state.pickAgent('Sales')?.email).toBe('bob.marsh@acme.test');
  });
});
