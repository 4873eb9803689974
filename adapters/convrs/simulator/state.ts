// In-memory Convrs state: conversations, messages and agents; every change emits its profile event.
import { defaultProfile, type ConvrsProfile } from '../profile';
import type { Population } from './population';
import type {
  Agent,
  AgentStatusValue,
  Attachment,
  Channel,
  Conversation,
  Customer,
  Direction,
  EventEnvelope,
  Message,
  Permission,
  Sender,
  ThumbsValue,
} from './types';

export class SimError extends Error {}

/** UTC ISO 8601 without offset, with milliseconds: "2026-11-24T10:15:24.123". */
export const formatTs = (ms: number): string => new Date(ms).toISOString().slice(0, 23);

/** Parses Convrs datetimes (no offset means UTC); NaN when unparseable. */
export const parseTs = (s: string): number => Date.parse(/(Z|[+-]\d\d:?\d\d)$/.test(s) ? s : s + 'Z');

export type EventSink = (env: EventEnvelope) => void;

export interface NewConversation {
  customer: Customer;
  businessUnit: string;
  channel: Channel;
  botID?: string;
  direction?: Direction;
}

export class SimState {
  readonly businessUnits: string[];
  readonly agents = new Map<string, Agent>();
  readonly customers = new Map<string, Customer>();
  readonly conversations = new Map<string, Conversation>();
  readonly messages = new Map<string, Message[]>();
  /** Receives every emitted event; the server points it at delivery. */
  sink: EventSink = () => {};
  private readonly lastTs = new Map<string, number>();
  private readonly counters = { cv: 0, m: 0, ev: 0 };

  constructor(
    population: Population,
    readonly profile: ConvrsProfile = defaultProfile,
    /** Keeps ids of separate simulator runs apart, since a bot's database outlives a simulator. */
    private readonly idTag = Math.floor(Math.random() * 36 ** 4)
      .toString(36)
      .padStart(4, '0'),
    private readonly clock: () => number = Date.now,
  ) {
    this.businessUnits = [...population.businessUnits];
    for (const a of population.agents) this.agents.set(a.email, { ...a, openChats: 0 });
    for (const c of population.customers) this.customers.set(c.uid, { ...c });
  }

  private id(kind: 'cv' | 'm' | 'ev'): string {
    const n = ++this.counters[kind];
    return this.idTag ? `${kind}_${this.idTag}_${n}` : `${kind}_${n}`;
  }

  /** A timestamp strictly after the previous one of this conversation, so order is recoverable. */
  private stamp(conversationId: string): string {
    const t = Math.max(this.clock(), (this.lastTs.get(conversationId) ?? -Infinity) + 1);
    this.lastTs.set(conversationId, t);
    return formatTs(t);
  }

  /** Agent events have no customer, so no uid. */
  emit(cmd: string, data: object, uid?: string): void {
    this.sink({ cmd, ok: 1, data: { ...structuredClone(data), eventId: this.id('ev') }, ...(uid ? { uid } : {}) });
  }

  conversation(conversationId: unknown): Conversation {
    const c = typeof conversationId === 'string' ? this.conversations.get(conversationId) : undefined;
    if (!c) throw new SimError('Unknown conversation');
    return c;
  }

  openConversation(conversationId: unknown): Conversation {
    const c = this.conversation(conversationId);
    if (c.status !== 'open') throw new SimError('Conversation is closed');
    return c;
  }

  agent(email: unknown): Agent {
    const a = typeof email === 'string' ? this.agents.get(email.toLowerCase()) : undefined;
    if (!a) throw new SimError('Unknown agent');
    return a;
  }

  startConversation(n: NewConversation): Conversation {
    const conversationId = this.id('cv');
    const at = this.stamp(conversationId);
    const c: Conversation = {
      conversationId,
      uid: n.customer.uid,
      botID: n.botID ?? 'bot_acme',
      channel: n.channel,
      customer: { name: n.customer.name, country: n.customer.country },
      businessUnit: n.businessUnit,
      agent: null,
      direction: n.direction ?? 'inbound',
      status: 'open',
      startedAt: at,
      lastActivityAt: at,
      closedAt: null,
      thumbs: null,
    };
    this.conversations.set(conversationId, c);
    this.messages.set(conversationId, []);
    this.emit(this.profile.events.conversationStart, c, c.uid);
    return c;
  }

  addMessage(
    conversationId: string,
    sender: Sender,
    author: Message['author'],
    text: string,
    attachments: Attachment[] = [],
  ): Message {
    const c = this.openConversation(conversationId);
    const m: Message = {
      mid: this.id('m'),
      conversationId,
      uid: c.uid,
      sender,
      author: { ...author },
      text,
      attachments: attachments.map((a) => ({ ...a })),
      timestamp: this.stamp(conversationId),
    };
    this.messages.get(conversationId)!.push(m);
    c.lastActivityAt = m.timestamp;
    this.emit(this.profile.events.message, m, c.uid);
    return m;
  }

  assign(
    conversationId: string,
    agent: Agent | null,
    businessUnit: string,
    reason: 'assign' | 'transfer',
  ): Conversation {
    const c = this.openConversation(conversationId);
    if (c.agent) this.agents.get(c.agent.email)!.openChats--;
    if (agent) agent.openChats++;
    c.agent = agent ? { email: agent.email, name: agent.name } : null;
    c.businessUnit = businessUnit;
    if (reason === 'transfer') c.direction = 'transfer';
    this.emit(
      this.profile.events.conversationAssign,
      { conversationId, agent: c.agent, businessUnit, reason, timestamp: this.stamp(conversationId) },
      c.uid,
    );
    return c;
  }

  finish(conversationId: string): Conversation {
    const c = this.openConversation(conversationId);
    c.status = 'closed';
    c.closedAt = this.stamp(conversationId);
    if (c.agent) this.agents.get(c.agent.email)!.openChats--;
    this.emit(
      this.profile.events.conversationFinished,
      { conversationId, closedAt: c.closedAt, messages: this.messages.get(conversationId) },
      c.uid,
    );
    return c;
  }

  feedback(conversationId: string, thumbs: ThumbsValue, comment?: string): Conversation {
    const c = this.conversation(conversationId);
    c.thumbs = thumbs;
    this.emit(
      this.profile.events.feedback,
      { conversationId, thumbs, ...(comment ? { comment } : {}), timestamp: this.stamp(conversationId) },
      c.uid,
    );
    return c;
  }

  setAgentStatus(email: string, status: AgentStatusValue, selfStatus?: string | null): Agent {
    const a = this.agent(email);
    a.status = status;
    if (selfStatus !== undefined) a.selfStatus = selfStatus;
    this.emit(this.profile.events.agentStatus, a);
    return a;
  }

  /** An admin changes an agent's units or permissions in Convrs (what a supervisor may see changes with them). */
  setAgentAccess(email: string, access: { businessUnits?: string[]; permissions?: Permission[] }): Agent {
    const a = this.agent(email);
    if (access.businessUnits) a.businessUnits = [...access.businessUnits];
    if (access.permissions) a.permissions = [...access.permissions];
    this.emit(this.profile.events.agentStatus, a);
    return a;
  }

  /** Least-loaded available agent of a unit, preferring plain agents over supervisors. */
  pickAgent(businessUnit: string, exclude?: string): Agent | null {
    const candidates = [...this.agents.values()].filter(
      (a) => a.businessUnits.includes(businessUnit) && a.status !== 'Disabled' && a.email !== exclude,
    );
    // Busy agents before supervisors: a supervisor takes a chat only when the unit's agents are offline or at
    // capacity (and is then preferred to an offline agent).
    // Someone who set herself Away is not routed new chats, whatever her status says.
    const free = (a: Agent) =>
      a.status === 'Online' && a.openChats < a.maxChats && !/^away\b/i.test(a.selfStatus ?? '');
    const score = (a: Agent) =>
      (a.permissions.length ? (free(a) ? 1500 : 10_000) : free(a) ? 0 : a.status === 'Offline' ? 2000 : 1000) +
      a.openChats;
    return candidates.sort((x, y) => score(x) - score(y))[0] ?? null;
  }

  messagesOf(conversationId: string): Message[] {
    return this.messages.get(conversationId) ?? [];
  }
}
