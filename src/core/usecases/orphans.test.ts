// Orphaned chats and load hints on a real SQLite store with a fake clock: what an agent event asks the workers to check,
// the Away check (not before its time, only while still Away), one alert per (agent, unit) within the cooldown, the
// least-loaded choice, the capacity sentence, and the `agents` hint with its Move button.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import { openDatabase } from '../../persistence/data-source';
import { createStore } from '../../persistence/store';
import { defaultSettings, type Deps } from '../deps';
import type { Agent, ChatSnapshot, Supervisor } from '../model';
import type { ChatPlatform, Jobs, Store, SupervisorSurface } from '../ports';
import type { AlertView, OrphanAlertView } from '../views';
import { leastLoaded, matchAgent, riskiestChat, roomOf } from './agent-load';
import { loadHint } from './agents';
import { transferTarget } from './intervene';
import { afterAgentStatus, armAllAwayChecks, checkOrphans } from './orphans';

const T0 = Date.parse('2026-12-07T10:00:00.000Z');
const MIN = 60_000;

const agent = (email: string, over: Partial<Agent> = {}): Agent => ({
  email,
  name: email.split('@')[0].replace('.', ' '),
  businessUnits: ['Sales'],
  permissions: [],
  status: 'Online',
  selfStatus: 'Available',
  openChats: 0,
  maxChats: 4,
  ...over,
});

let dir: string;
let ds: DataSource;
let store: Store;
let now: number;
let deps: Deps;
let agents: Agent[];
let jobCalls: { email: string; away?: { since: Date; dueAt: Date; move: boolean } }[];
let posted: { destination: string; alert: AlertView }[];
let updated: { destination: string; postId: string; alert: AlertView }[];
let seq = 0;

async function chat(agentEmail: string | null, over: Partial<ChatSnapshot> = {}) {
  const id = `cv_${++seq}`;
  const snap: ChatSnapshot = {
    conversationId: id,
    uid: `u_${id}`,
    channel: 'webchat',
    customerName: `Customer ${seq}`,
    customerCountry: null,
    businessUnit: 'Sales',
    agentEmail,
    agentName: agentEmail ? agentEmail.split('@')[0] : null,
    status: 'open',
    startedAt: new Date(T0 - 30 * MIN),
    lastActivityAt: new Date(T0 - 5 * MIN),
    closedAt: null,
    thumbs: null,
    ...over,
  };
  return (await store.chats.upsert(snap)).chat;
}

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'convrs-orphans-'));
  now = T0;
  const clock = { now: () => new Date(now) };
  ds = await openDatabase(`sqlite:${path.join(dir, 'bot.sqlite')}`);
  store = createStore(ds, { clock });
  agents = [
    agent('ann.lee@acme.test', { businessUnits: ['Sales', 'Tech Support'] }),
    agent('bob.marsh@acme.test', { maxChats: 3 }),
    agent('carla.diaz@acme.test', { maxChats: 4 }),
    agent('sue.sales@acme.test', { permissions: ['Supervise'], maxChats: 2 }),
  ];
  jobCalls = [];
  posted = [];
  updated = [];
  const surface = {
    name: 'terminal',
    postAlert: async (destination: string, alert: AlertView) => {
      posted.push({ destination, alert });
      return `p${posted.length}`;
    },
    updateAlert: async (destination: string, postId: string, alert: AlertView) =>
      void updated.push({ destination, postId, alert }),
  } as unknown as SupervisorSurface;
  const platform = {
    getAgents: async () => agents.map((a) => ({ ...a })),
    getBusinessUnits: async () => ['Sales', 'Tech Support', 'Customer Support'],
  } as unknown as ChatPlatform;
  const jobs = {
    checkOrphans: async (email: string, away?: { since: Date; dueAt: Date; move: boolean }) =>
      void jobCalls.push({ email, away }),
  } as unknown as Jobs;
  deps = {
    store,
    platform,
    surfaces: new Map([['terminal', surface]]),
    jobs,
    clock,
    scorer: {} as Deps['scorer'],
    summarizer: {} as Deps['summarizer'],
    settings: { ...defaultSettings, orphanAfterMs: 10 * MIN, alertCooldownMs: 30 * MIN },
    log: pino({ level: 'silent' }),
  };
  await store.agents.replaceAll(agents);
  await store.watches.add({
    surface: 'terminal',
    destination: 'wall-sales',
    businessUnit: 'Sales',
    createdBy: 'sam.boss@acme.test',
  });
});
afterEach(async () => {
  await ds.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The agent as Convrs now says she is (stored as the event applier stores it). */
async function setAgent(email: string, over: Partial<Agent>): Promise<Agent> {
  const i = agents.findIndex((a) => a.email === email);
  agents[i] = { ...agents[i], ...over };
  await store.agents.upsert(agents[i]);
  return agents[i];
}

describe('after an agent event', () => {
  it('going Offline or Disabled with open chats is checked at once; with none, or Offline again, nothing is asked', async () => {
    const ann = agents[0];
    await afterAgentStatus(deps, ann, { ...ann, status: 'Offline' }, 2, new Date(now));
    await afterAgentStatus(deps, { ...ann, status: 'Offline' }, { ...ann, status: 'Disabled' }, 2, new Date(now));
    await afterAgentStatus(deps, ann, { ...ann, status: 'Offline' }, 0, new Date(now));
    expect(jobCalls).toEqual([{ email: ann.email, away: undefined }]);
  });

  it('going Away arms the Away check ORPHAN_AFTER_MINUTES later; staying Away does not move it; coming back updates the alerts', async () => {
    const ann = agents[0];
    const away = { ...ann, selfStatus: 'Away – back soon' };
    await afterAgentStatus(deps, ann, away, 1, new Date(now));
    await afterAgentStatus(deps, away, { ...away, status: 'Busy' as const }, 1, new Date(now + MIN));
    await afterAgentStatus(deps, away, ann, 1, new Date(now + 2 * MIN));
    expect(jobCalls).toEqual([
      { email: ann.email, away: { since: new Date(T0), dueAt: new Date(T0 + 10 * MIN), move: true } },
      { email: ann.email, away: undefined },
    ]);
    // "Awaiting" or "Awayday" is not Away.
    jobCalls = [];
    await afterAgentStatus(deps, ann, { ...ann, selfStatus: 'Awaiting approval' }, 1, new Date(now));
    expect(jobCalls).toEqual([]);
  });
});

describe('the check', () => {
  it('an Away agent is alerted once her Away time has passed, per unit, and not if she came back', async () => {
    const c1 = await chat('ann.lee@acme.test');
    await chat('ann.lee@acme.test', { businessUnit: 'Tech Support' });
    await chat('ann.lee@acme.test');
    await setAgent('ann.lee@acme.test', { selfStatus: 'Away' });
    const away = { since: new Date(T0), dueAt: new Date(T0 + 10 * MIN) };
    now = T0 + 9 * MIN;
    expect(await checkOrphans(deps, 'ann.lee@acme.test', away)).toEqual({ again: away.dueAt, raised: 0 });
    now = T0 + 12 * MIN;
    expect(await checkOrphans(deps, 'Ann.Lee@acme.test', away)).toEqual({ raised: 2 });
    // Sales is watched here; Tech Support has no channel, so its alert is stored but posted nowhere.
    expect(posted).toHaveLength(1);
    const view = posted[0].alert as OrphanAlertView;
    expect(view).toMatchObject({
      kind: 'orphaned',
      businessUnit: 'Sales',
      text: 'ann lee has been Away for 12 min holding 2 open chats of Sales.',
      claimedBy: null,
      claimCommand: 'claim agent:ann.lee@acme.test bu:"Sales"',
      resolved: null,
    });
    expect(view.chats.map((c) => c.ref)).toHaveLength(2);
    // The unit's queue, and the least-loaded Online plain agent of Sales with room for both (not the supervisor; of
    // two with none, the one with more room).
    expect(view.moves.map((m) => m.command)).toEqual([
      'transfer-all ann.lee@acme.test bu:"Sales" to bu:"Sales"',
      'transfer-all ann.lee@acme.test bu:"Sales" to carla.diaz@acme.test',
    ]);
    expect(view.moves[1].label).toBe('Transfer all to carla diaz (0 of 4)');
    const stored = await store.alerts.forAgent('ann.lee@acme.test', 'orphaned');
    expect(stored.map((a) => a.businessUnit).sort()).toEqual(['Sales', 'Tech Support']);
    expect(stored.find((a) => a.businessUnit === 'Sales')!.chatId).toBe(c1.id);
    expect(await store.alerts.posts(stored.find((a) => a.businessUnit === 'Sales')!.id)).toEqual([
      { surface: 'terminal', destination: 'wall-sales', postId: 'p1' },
    ]);

    // Back Online: the same timer (or a late one) raises nothing more, and the posted copy says she is back.
    await setAgent('ann.lee@acme.test', { selfStatus: 'Available' });
    now = T0 + 40 * MIN;
    expect(await checkOrphans(deps, 'ann.lee@acme.test', away)).toEqual({ raised: 0 });
    expect(updated.at(-1)!.alert as OrphanAlertView).toMatchObject({
      resolved: 'ann lee is back (Online).',
      moves: [],
    });
  });

  it('an Offline agent raises one alert per unit; the same (agent, unit) is not alerted again within the cooldown', async () => {
    await chat('bob.marsh@acme.test');
    await setAgent('bob.marsh@acme.test', { status: 'Offline', selfStatus: null });
    expect(await checkOrphans(deps, 'bob.marsh@acme.test')).toEqual({ raised: 1 });
    expect((posted[0].alert as OrphanAlertView).text).toBe('bob marsh went Offline holding 1 open chat of Sales.');
    now = T0 + 29 * MIN;
    expect(await checkOrphans(deps, 'bob.marsh@acme.test')).toEqual({ raised: 0 });
    // The copy already posted was brought up to date instead.
    expect(updated.map((u) => u.postId)).toEqual(['p1']);
    now = T0 + 31 * MIN;
    expect(await checkOrphans(deps, 'bob.marsh@acme.test')).toEqual({ raised: 1 });
    // An Away check does not alert an agent who is Offline (the Offline check does).
    now = T0 + 90 * MIN;
    expect(
      await checkOrphans(deps, 'bob.marsh@acme.test', { since: new Date(T0), dueAt: new Date(T0 + 10 * MIN) }),
    ).toEqual({ raised: 0 });
  });

  it('when the chats have moved, the alert says so and offers no moves', async () => {
    const c = await chat('bob.marsh@acme.test');
    await setAgent('bob.marsh@acme.test', { status: 'Offline' });
    await checkOrphans(deps, 'bob.marsh@acme.test');
    await store.chats.update(c.id, { agentEmail: 'carla.diaz@acme.test' });
    await checkOrphans(deps, 'bob.marsh@acme.test');
    expect(updated.at(-1)!.alert).toMatchObject({
      chats: [],
      moves: [],
      resolved: "None of bob marsh's Sales chats are waiting any more.",
    });
  });

  it('at start, agents Away with open chats get a check that keeps an armed one', async () => {
    await chat('ann.lee@acme.test');
    await chat('carla.diaz@acme.test');
    await setAgent('ann.lee@acme.test', { selfStatus: 'away' });
    await setAgent('bob.marsh@acme.test', { selfStatus: 'Away' });
    await setAgent('carla.diaz@acme.test', { status: 'Offline', selfStatus: 'Away' });
    expect(await armAllAwayChecks(deps)).toBe(1);
    expect(jobCalls).toEqual([
      { email: 'ann.lee@acme.test', away: { since: new Date(T0), dueAt: new Date(T0 + 10 * MIN), move: false } },
    ]);
  });
});

describe('load', () => {
  it('the least-loaded Online agent of the unit with room: plain agents first, never the agent herself', () => {
    const list = [
      agent('a@x', { openChats: 2, maxChats: 4 }),
      agent('b@x', { openChats: 1, maxChats: 2 }),
      agent('c@x', { openChats: 0, maxChats: 4, status: 'Busy' }),
      agent('d@x', { openChats: 0, maxChats: 3, permissions: ['Supervise'] }),
      agent('e@x', { openChats: 0, maxChats: 0, businessUnits: ['Tech Support'] }),
    ];
    expect(leastLoaded(list, { unit: 'sales', need: 1 })?.email).toBe('b@x');
    expect(leastLoaded(list, { unit: 'Sales', need: 2 })?.email).toBe('a@x');
    expect(leastLoaded(list, { unit: 'Sales', need: 3, exclude: 'A@x' })?.email).toBe('d@x');
    expect(leastLoaded(list, { unit: 'Sales', need: 4 })).toBeNull();
    // maxChats 0: Convrs sets no limit.
    expect(roomOf(list[4])).toBe(Number.POSITIVE_INFINITY);
    expect(leastLoaded(list, { unit: 'Tech Support', need: 50 })?.email).toBe('e@x');
  });

  it('names an agent by email, name or a unique part of it; otherwise one sentence', () => {
    const list = [agent('ann.lee@acme.test', { name: 'Ann Lee' }), agent('anna.bell@acme.test', { name: 'Anna Bell' })];
    expect(matchAgent(list, 'ANN.LEE@acme.test').name).toBe('Ann Lee');
    expect(matchAgent(list, 'ann lee').name).toBe('Ann Lee');
    expect(matchAgent(list, 'bell').name).toBe('Anna Bell');
    expect(() => matchAgent(list, 'ann')).toThrow('"ann" matches Ann Lee, Anna Bell; use an email.');
    expect(() => matchAgent(list, 'zed')).toThrow('There is no agent "zed".');
  });

  it('a target without room for them all is refused with its load, room and need', async () => {
    for (let i = 0; i < 3; i++) await chat('carla.diaz@acme.test');
    await expect(transferTarget(deps, { kind: 'agent', value: 'carla.diaz@acme.test' }, 3)).rejects.toThrow(
      'carla diaz has 3 of 4 open chats: room for 1, not 3. Pick someone with room (`agents` shows the loads) or a unit (bu:<name>).',
    );
    await chat('carla.diaz@acme.test');
    await expect(transferTarget(deps, { kind: 'agent', value: 'carla diaz' }, 1)).rejects.toThrow(
      'carla diaz has 4 of 4 open chats: at capacity.',
    );
    await expect(transferTarget(deps, { kind: 'agent', value: 'bob.marsh@acme.test' }, 3)).resolves.toMatchObject({
      target: { agentEmail: 'bob.marsh@acme.test' },
    });
  });

  it('agents: at capacity or two negative chats → a hint and a Move button for the riskiest chat, or why there is none', async () => {
    const sam: Supervisor = {
      surface: 'terminal',
      userId: 'sam',
      email: 'sam.boss@acme.test',
      agent: null,
      isAdmin: true,
    };
    const toms: Supervisor = {
      surface: 'terminal',
      userId: 'tom',
      email: 'tom@acme.test',
      isAdmin: false,
      agent: agent('tom@acme.test', { permissions: ['Supervise'], businessUnits: ['Tech Support'] }),
    };
    const quiet = await chat('bob.marsh@acme.test', { lastActivityAt: new Date(T0 - 50 * MIN) });
    const mild = await store.chats.update((await chat('bob.marsh@acme.test')).id, {
      sentimentLabel: 'negative',
      sentimentScore: -0.35,
    });
    const angry = await store.chats.update((await chat('bob.marsh@acme.test')).id, {
      sentimentLabel: 'negative',
      sentimentScore: -0.8,
    });
    const bob = { ...agents[1], openChats: 3 };
    const all = [agents[0], bob, agents[2], agents[3]];
    expect(riskiestChat([quiet, mild, angry])?.ref).toBe(angry.ref);
    expect(
      riskiestChat([quiet, await store.chats.get(mild.id).then((c) => ({ ...c!, sentimentLabel: null }))])?.ref,
    ).toBe(quiet.ref);
    expect(loadHint(sam, bob, [quiet, mild, angry], all)).toEqual({
      text: 'at capacity, 2 negative',
      button: { label: `Move ${angry.ref} to ann lee`, command: `transfer ${angry.ref} to ann.lee@acme.test` },
    });
    // Tom may not supervise Sales: the hint, no button.
    expect(loadHint(toms, bob, [quiet, mild, angry], all)).toEqual({ text: 'at capacity, 2 negative' });
    const full = all.map((a) => (a.email === bob.email ? a : { ...a, openChats: a.maxChats }));
    expect(loadHint(sam, bob, [quiet, mild, angry], full)).toEqual({
      text: 'at capacity, 2 negative, no one in Sales has room',
    });
    expect(loadHint(sam, { ...bob, openChats: 1 }, [quiet], all)).toEqual({ text: '' });
  });
});
