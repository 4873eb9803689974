// Chat-level operations shared by commands, the control API and the traffic generator.
import { AGENT_GREETINGS, BOT_GREETINGS, BOT_HANDOVER, CHANNELS, fill } from './corpus';
import { pick, type Rng } from './population';
import { scenarioFor, smallTalk } from './script';
import { SimError, type SimState } from './state';
import type { Agent, Attachment, Channel, Conversation, Customer, Message } from './types';

export const BOT_AUTHOR = { name: 'Acme Bot' };
export const SYSTEM_AUTHOR = { name: 'Convrs' };

export interface StartChatOptions {
  businessUnit?: string;
  agentEmail?: string;
  customerName?: string;
  channel?: Channel;
  /** Extra customer/agent messages after the greeting (default 0), on the topic of the opener. */
  messages?: number;
  /** The customer's first line (default: the opener of a scenario of the unit). */
  opener?: string;
  /** Left in the queue: no agent yet (the caller assigns it later with assignAndGreet, as live traffic does). */
  queued?: boolean;
}

export interface TransferTarget {
  toAgent?: string;
  toBusinessUnit?: string;
}

export class SimOps {
  constructor(
    readonly state: SimState,
    private readonly rng: Rng,
  ) {}

  private businessUnit(name: unknown): string {
    if (typeof name !== 'string' || !this.state.businessUnits.includes(name))
      throw new SimError('Unknown business unit');
    return name;
  }

  private customer(name?: string): Customer {
    const all = [...this.state.customers.values()];
    if (!name) return pick(this.rng, all);
    const found = all.find((c) => c.name === name);
    if (found) return found;
    const created = { uid: `u_new${this.state.customers.size + 1}`, name, country: 'Netherlands' };
    this.state.customers.set(created.uid, created);
    return created;
  }

  private byName(by?: string): string | undefined {
    return by ? (this.state.agents.get(by.toLowerCase())?.name ?? by) : undefined;
  }

  /** Start → bot greeting → customer opener → assignment → agent greeting, as a live inbound chat runs. */
  startChat(opts: StartChatOptions = {}): Conversation {
    const s = this.state;
    const businessUnit = this.businessUnit(opts.businessUnit ?? pick(this.rng, s.businessUnits));
    const agent = opts.agentEmail ? s.agent(opts.agentEmail) : s.pickAgent(businessUnit);
    const customer = this.customer(opts.customerName);
    const c = s.startConversation({ customer, businessUnit, channel: opts.channel ?? pick(this.rng, CHANNELS) });
    const id = c.conversationId;
    s.addMessage(id, 'bot', BOT_AUTHOR, pick(this.rng, BOT_GREETINGS));
    const scenario = opts.opener === undefined ? scenarioFor(this.rng, s.businessUnits, businessUnit) : undefined;
    s.addMessage(id, 'customer', { name: customer.name }, opts.opener ?? pick(this.rng, scenario!.opener));
    s.addMessage(id, 'bot', BOT_AUTHOR, pick(this.rng, BOT_HANDOVER));
    if (agent && !opts.queued) this.greet(id, agent);
    const talk = opts.messages
      ? smallTalk(this.rng, scenario ?? scenarioFor(this.rng, s.businessUnits, businessUnit))
      : undefined;
    const said = { customer: 0, agent: 0 };
    for (let i = 0; i < (opts.messages ?? 0); i++) {
      const role = i % 2 === 0 || !c.agent ? 'customer' : 'agent';
      this.say(id, role, talk![role](said[role]++));
    }
    return c;
  }

  /** The chat waiting in the queue is given to an agent, who says hello. False when no agent can take it. */
  assignAndGreet(conversationId: string): boolean {
    const c = this.state.conversation(conversationId);
    const agent = this.state.pickAgent(c.businessUnit);
    if (!agent) return false;
    this.greet(conversationId, agent);
    return true;
  }

  private greet(conversationId: string, agent: Agent): void {
    const s = this.state;
    const c = s.conversation(conversationId);
    s.assign(conversationId, agent, c.businessUnit, 'assign');
    const first = c.customer.name.split(' ')[0] ?? c.customer.name;
    s.addMessage(
      conversationId,
      'agent',
      { email: agent.email, name: agent.name },
      fill(pick(this.rng, AGENT_GREETINGS), { customer: first, agent: agent.name.split(' ')[0] ?? agent.name }),
    );
  }

  say(
    conversationId: string,
    role: 'customer' | 'agent' | 'bot',
    text: string,
    attachments: Attachment[] = [],
  ): Message {
    const c = this.state.openConversation(conversationId);
    if (role === 'agent' && !c.agent) throw new SimError('Conversation has no agent');
    const author = role === 'customer' ? { name: c.customer.name } : role === 'agent' ? { ...c.agent! } : BOT_AUTHOR;
    return this.state.addMessage(conversationId, role, author, text, attachments);
  }

  whisper(conversationId: unknown, text: unknown, by: unknown): Message {
    const c = this.state.openConversation(conversationId);
    if (typeof text !== 'string' || !text.trim()) throw new SimError('Missing parameter: text');
    if (typeof by !== 'string' || !by) throw new SimError('Missing parameter: by');
    return this.state.addMessage(c.conversationId, 'whisper', { email: by, name: this.byName(by)! }, text);
  }

  transfer(conversationId: unknown, target: TransferTarget, by?: string): Conversation {
    const s = this.state;
    const c = s.openConversation(conversationId);
    if (!target.toAgent && !target.toBusinessUnit) throw new SimError('Missing parameter: toAgent or toBusinessUnit');
    const bu = target.toBusinessUnit ? this.businessUnit(target.toBusinessUnit) : undefined;
    const agent = target.toAgent ? s.agent(target.toAgent) : s.pickAgent(bu!, c.agent?.email);
    if (agent?.status === 'Disabled') throw new SimError('Agent is disabled');
    const businessUnit =
      bu ?? (agent && !agent.businessUnits.includes(c.businessUnit) ? agent.businessUnits[0]! : c.businessUnit);
    const from = c.agent?.name ?? c.businessUnit;
    s.assign(c.conversationId, agent, businessUnit, 'transfer');
    const to = agent ? `${agent.name} (${businessUnit})` : `the ${businessUnit} queue`;
    const who = this.byName(by);
    s.addMessage(
      c.conversationId,
      'system',
      SYSTEM_AUTHOR,
      `Conversation transferred from ${from} to ${to}${who ? ` by ${who}` : ''}.`,
    );
    return c;
  }

  finish(conversationId: unknown, by?: string): Conversation {
    const c = this.state.openConversation(conversationId);
    const who = this.byName(by);
    this.state.addMessage(
      c.conversationId,
      'system',
      SYSTEM_AUTHOR,
      who ? `Conversation finished by ${who}.` : 'Conversation finished.',
    );
    return this.state.finish(c.conversationId);
  }
}
