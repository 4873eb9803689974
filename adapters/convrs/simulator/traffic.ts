// Traffic generator: chats start on a topic, play their scenario in a mood (some go quiet, some get transferred),
// and end with the agent's finish and the customer's thumbs.
import type { Logger } from 'pino';
import { fill } from './corpus';
import type { SimOps } from './ops';
import { between, chance, mulberry32, pick, type Rng } from './population';
import { SCENARIOS } from './scenarios';
import { pickMood, writeScript, type ChatScript, type MoodMix } from './script';
import type { AgentStatusValue } from './types';

export interface TrafficOptions {
  /** Target number of concurrently open generated chats. */
  chats: number;
  /** Messages per second overall, or per open chat with perChat. */
  messagesPerSecond: number;
  perChat?: boolean;
  seed?: number;
  tickMs?: number;
  /** How long a chat that goes quiet stays silent (ms, default 2–6 minutes). */
  quietMs?: [number, number];
  /** Mean seconds between agent status changes (default 10). */
  agentStatusEverySec?: number;
  /** Shares of happy, neutral and angry chats (default 0.5 / 0.35 / 0.15; need not add up to 1). */
  moods?: MoodMix;
  /**
   * Mean seconds between absences: an agent holding open chats goes Offline or sets herself Away, keeps her chats, and
   * comes back later (default 240; 0: never). Ordinary status changes never take an agent holding chats Offline.
   */
  absenceEverySec?: number;
  /** How long an absence lasts (ms, default 3–5 minutes). */
  absenceMs?: [number, number];
}

interface Plan {
  script: ChatScript;
  /** Index of the next beat. */
  next: number;
  quietUntil: number;
}

export class TrafficGenerator {
  private readonly rng: Rng;
  private readonly plans = new Map<string, Plan>();
  private timer: NodeJS.Timeout | undefined;
  private last = 0;
  private budget = 0;
  /** Its own stream, so absences do not change the chats a seed plays. */
  private readonly absenceRng: Rng;
  /** The agent away now (one at a time) and when she comes back. */
  private absent: { email: string; until: number } | undefined;

  constructor(
    private readonly ops: SimOps,
    public options: TrafficOptions,
    private readonly logger?: Logger,
  ) {
    this.rng = mulberry32((options.seed ?? 1) + 7919);
    this.absenceRng = mulberry32((options.seed ?? 1) + 15_485_863);
  }

  get running(): boolean {
    return this.timer !== undefined;
  }

  /** Starts (or retunes, when running) the generator; options given here replace the current ones. */
  start(options: Partial<TrafficOptions> = {}): void {
    this.options = { ...this.options, ...options };
    if (this.timer) return;
    this.last = Date.now();
    this.timer = setInterval(() => this.tick(), this.options.tickMs ?? 50);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  tick(now = Date.now()): void {
    const dt = Math.max(0, now - this.last) / 1000;
    this.last = now;
    try {
      for (const id of this.plans.keys())
        if (this.ops.state.conversations.get(id)?.status !== 'open') this.plans.delete(id);
      while (this.plans.size < this.options.chats) this.startOne();
      const active = [...this.plans].filter(([, p]) => p.quietUntil <= now);
      const rate = this.options.perChat
        ? this.options.messagesPerSecond * active.length
        : this.options.messagesPerSecond;
      // Capped so a stalled event loop does not release a burst afterwards.
      this.budget = Math.min(this.budget + rate * dt, Math.max(1, rate));
      for (; this.budget >= 1 && active.length; this.budget--) {
        const [id, plan] = pick(this.rng, active);
        if (!this.step(id, plan, now))
          active.splice(
            active.findIndex(([x]) => x === id),
            1,
          );
      }
      if (!active.length) this.budget = 0;
      if (chance(this.rng, dt / (this.options.agentStatusEverySec ?? 10))) this.agentStatus();
      this.absence(now, dt);
    } catch (err) {
      this.logger?.warn({ err }, 'simulator traffic tick failed');
    }
  }

  private startOne(): void {
    const s = this.ops.state;
    // Every unit has live chats from the start (a demo run as a one-unit supervisor shows her work at once): the
    // scenario is drawn for the unit with the fewest open chats now.
    const open = (bu: string) =>
      [...s.conversations.values()].filter((c) => c.status === 'open' && c.businessUnit === bu).length;
    const want = [...s.businessUnits].sort((a, b) => open(a) - open(b))[0];
    let script = writeScript(
      this.rng,
      pick(this.rng, SCENARIOS),
      pickMood(this.rng, this.options.moods),
      s.businessUnits,
    );
    for (let i = 0; i < 20 && script.businessUnit !== want; i++) {
      script = writeScript(
        this.rng,
        pick(this.rng, SCENARIOS),
        pickMood(this.rng, this.options.moods),
        s.businessUnits,
      );
    }
    // Left in the queue: an agent picks it up at its first step, so the first response takes a moment, as it does.
    const c = this.ops.startChat({ businessUnit: script.businessUnit, opener: script.opener, queued: true });
    this.plans.set(c.conversationId, { script, next: 0, quietUntil: 0 });
  }

  /** Plays the chat's next beat; false when the chat is no longer active (finished or gone quiet). */
  private step(id: string, p: Plan, now: number): boolean {
    const s = this.ops.state;
    const c = s.conversation(id);
    // Picked up from the queue: the agent's hello is this step's line.
    if (!c.agent && this.ops.assignAndGreet(id)) return true;
    const beat = p.script.beats[p.next++];
    if (!beat || beat.kind === 'finish') {
      // Finished by the agent in the Convrs app, then the customer rates it (or not).
      this.ops.finish(id, c.agent?.email);
      this.plans.delete(id);
      if (beat?.thumbs) s.feedback(id, beat.thumbs, beat.comment);
      return false;
    }
    if (beat.kind === 'transfer') {
      this.ops.transfer(id, { toBusinessUnit: beat.toBusinessUnit }, c.agent?.email);
    } else if (beat.kind === 'say' && (beat.role === 'customer' || c.agent)) {
      const first = (name: string) => name.split(' ')[0] ?? name;
      const text = fill(beat.text, {
        customer: first(c.customer.name),
        agent: first(c.agent?.name ?? ''),
        unit: c.businessUnit,
      });
      this.ops.say(id, beat.role, text, beat.attachments);
    } // else an agent's line in a unit with no agent to be found: skipped.
    // A quiet spell starts right after the line before it, as the silence after a question does.
    if (p.script.beats[p.next]?.kind === 'quiet' || beat.kind === 'quiet') {
      if (beat.kind !== 'quiet') p.next++;
      const [min, max] = this.options.quietMs ?? [120_000, 360_000];
      p.quietUntil = now + between(this.rng, min, max);
      return false;
    }
    return true;
  }

  private agentStatus(): void {
    const agents = [...this.ops.state.agents.values()].filter(
      (a) => !a.permissions.length && a.status !== 'Disabled' && a.email !== this.absent?.email,
    );
    if (!agents.length) return;
    const a = pick(this.rng, agents);
    // Biased back to Online so the floor never empties for good. Leaving chats behind is an absence's (below).
    const busy = a.status === 'Online' && chance(this.rng, 0.6);
    const status: AgentStatusValue = a.status !== 'Online' ? 'Online' : busy || a.openChats > 0 ? 'Busy' : 'Offline';
    const self =
      status === 'Online'
        ? 'Available'
        : status === 'Busy'
          ? pick(this.rng, ['In a meeting', 'On a call', 'Lunch'])
          : null;
    this.ops.state.setAgentStatus(a.email, status, self);
  }

  /** Now and then an agent holding chats goes Offline or Away for a few minutes (orphaned chats), then comes back. */
  private absence(now: number, dt: number): void {
    const s = this.ops.state;
    if (this.absent) {
      if (now < this.absent.until) return;
      const back = this.absent.email;
      this.absent = undefined;
      s.setAgentStatus(back, 'Online', 'Available');
      return;
    }
    const every = this.options.absenceEverySec ?? 240;
    if (!every || !chance(this.absenceRng, dt / every)) return;
    const holding = [...s.agents.values()].filter(
      (a) => !a.permissions.length && a.status !== 'Disabled' && a.openChats > 0,
    );
    if (!holding.length) return;
    const a = pick(this.absenceRng, holding);
    const [min, max] = this.options.absenceMs ?? [180_000, 300_000];
    this.absent = { email: a.email, until: now + between(this.absenceRng, min, max) };
    if (chance(this.absenceRng, 0.5)) s.setAgentStatus(a.email, 'Offline', null);
    else s.setAgentStatus(a.email, a.status, 'Away');
  }
}
