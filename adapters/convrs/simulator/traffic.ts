// Traffic generator: chats start, talk (some angry, some quiet), get transferred, finish and get thumbs.
import type { Logger } from 'pino';
import { AGENT_CALMING, AGENT_CLOSINGS, AGENT_LINES, ATTACHMENTS, CUSTOMER_LINES, FEEDBACK_COMMENTS, type Mood } from './corpus';
import type { SimOps } from './ops';
import { between, chance, mulberry32, pick, type Rng } from './population';
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
}

interface Plan {
  mood: Mood;
  sent: number;
  length: number;
  next: 'customer' | 'agent';
  quietAt: number;
  quietUntil: number;
  transferAt: number;
  angryAt: number;
}

export class TrafficGenerator {
  private readonly rng: Rng;
  private readonly plans = new Map<string, Plan>();
  private timer: NodeJS.Timeout | undefined;
  private last = 0;
  private budget = 0;

  constructor(private readonly ops: SimOps, public options: TrafficOptions, private readonly logger?: Logger) {
    this.rng = mulberry32((options.seed ?? 1) + 7919);
  }

  get running(): boolean { return this.timer !== undefined; }

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
      for (const id of this.plans.keys()) if (this.ops.state.conversations.get(id)?.status !== 'open') this.plans.delete(id);
      while (this.plans.size < this.options.chats) this.startOne();
      const active = [...this.plans].filter(([, p]) => p.quietUntil <= now);
      const rate = this.options.perChat ? this.options.messagesPerSecond * active.length : this.options.messagesPerSecond;
      // Capped so a stalled event loop does not release a burst afterwards.
      this.budget = Math.min(this.budget + rate * dt, Math.max(1, rate));
      for (; this.budget >= 1 && active.length; this.budget--) {
        const [id, plan] = pick(this.rng, active);
        if (!this.step(id, plan, now)) active.splice(active.findIndex(([x]) => x === id), 1);
      }
      if (!active.length) this.budget = 0;
      if (chance(this.rng, dt / (this.options.agentStatusEverySec ?? 10))) this.agentStatus();
    } catch (err) {
      this.logger?.warn({ err }, 'simulator traffic tick failed');
    }
  }

  private startOne(): void {
    const c = this.ops.startChat();
    const length = between(this.rng, 4, 14);
    const r = this.rng();
    this.plans.set(c.conversationId, {
      mood: r < 0.2 ? 'angry' : r < 0.45 ? 'happy' : 'neutral',
      sent: 0,
      length,
      next: 'customer',
      quietAt: chance(this.rng, 0.1) ? between(this.rng, 1, length - 1) : -1,
      quietUntil: 0,
      transferAt: chance(this.rng, 0.15) ? between(this.rng, 1, length - 1) : -1,
      angryAt: chance(this.rng, 0.1) ? between(this.rng, 1, length - 1) : -1,
    });
  }

  /** One message (or the finish) of a chat; false when the chat is no longer active. */
  private step(id: string, p: Plan, now: number): boolean {
    const s = this.ops.state;
    const c = s.conversation(id);
    if (p.sent >= p.length) {
      if (c.agent) this.ops.say(id, 'agent', pick(this.rng, AGENT_CLOSINGS));
      this.ops.finish(id);
      this.plans.delete(id);
      const thumbs = p.mood === 'angry' ? 'down' : p.mood === 'happy' ? 'up' : chance(this.rng, 0.7) ? 'up' : 'down';
      if (chance(this.rng, 0.6)) s.feedback(id, thumbs, chance(this.rng, 0.5) ? pick(this.rng, FEEDBACK_COMMENTS[thumbs]) : undefined);
      return false;
    }
    if (p.sent === p.angryAt) p.mood = 'angry';
    if (p.sent === p.transferAt) {
      const other = s.businessUnits.filter((b) => b !== c.businessUnit);
      this.ops.transfer(id, chance(this.rng, 0.5) && other.length ? { toBusinessUnit: pick(this.rng, other) } : { toBusinessUnit: c.businessUnit });
      p.next = 'agent';
    }
    if (!c.agent) {
      const agent = s.pickAgent(c.businessUnit);
      if (agent) s.assign(id, agent, c.businessUnit, 'assign');
    }
    const role = p.next === 'agent' && c.agent ? 'agent' : 'customer';
    const text = role === 'agent' ? pick(this.rng, p.mood === 'angry' && chance(this.rng, 0.5) ? AGENT_CALMING : AGENT_LINES) : this.customerLine(p);
    const attach = chance(this.rng, 0.06) ? [pick(this.rng, ATTACHMENTS)] : [];
    this.ops.say(id, role, text, attach);
    p.sent++;
    p.next = role === 'agent' ? 'customer' : chance(this.rng, 0.7) ? 'agent' : 'customer';
    if (p.sent === p.quietAt) {
      const [min, max] = this.options.quietMs ?? [120_000, 360_000];
      p.quietUntil = now + between(this.rng, min, max);
      return false;
    }
    return true;
  }

  private customerLine(p: Plan): string {
    const moodShare = p.mood === 'angry' ? 0.7 : p.mood === 'happy' ? 0.5 : 0;
    const last = p.sent >= p.length - 2 && p.mood === 'neutral' && chance(this.rng, 0.5);
    return pick(this.rng, CUSTOMER_LINES[last ? 'happy' : chance(this.rng, moodShare) ? p.mood : 'neutral']);
  }

  private agentStatus(): void {
    const agents = [...this.ops.state.agents.values()].filter((a) => !a.permissions.length && a.status !== 'Disabled');
    if (!agents.length) return;
    const a = pick(this.rng, agents);
    // Biased back to Online so the floor never empties for good.
    const status: AgentStatusValue = a.status !== 'Online' ? 'Online' : chance(this.rng, 0.6) ? 'Busy' : 'Offline';
    const self = status === 'Online' ? 'Available' : status === 'Busy' ? pick(this.rng, ['In a meeting', 'On a call', 'Lunch']) : null;
    this.ops.state.setAgentStatus(a.email, status, self);
  }
}
