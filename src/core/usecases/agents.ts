// Agent oversight: status, load and open chats per agent (SPEC §3.5).
import { can, knownAgents, requireSupervisor } from '../access';
import type { Deps } from '../deps';
import { AppError } from '../errors';
import type { Agent, AgentStatus, Chat, Supervisor } from '../model';
import type { Requester } from '../ports';
import type { CommandButtonView, ListRowView, ReplyView } from '../views';
import { atCapacity, leastLoaded, riskiestChat } from './agent-load';
import { resolveBusinessUnit } from './watch';

/**
 * The known agents with their true load: the open chats we know assigned to each, counted now (so it follows every
 * assignment, transfer and finish; the count in Convrs's agent record can lag behind them).
 */
export async function agentsWithLoad(deps: Deps): Promise<Agent[]> {
  const [agents, counts] = await Promise.all([knownAgents(deps), deps.store.chats.openCountsByAgent()]);
  return agents.map((a) => ({ ...a, openChats: counts.get(a.email.toLowerCase()) ?? 0 }));
}

export async function listAgents(
  deps: Deps,
  who: Requester,
  filter: { businessUnit?: string; status?: string },
  page: number,
  command: string,
): Promise<ReplyView> {
  const me = await requireSupervisor(deps, who);
  if (!(['Supervise', 'Supervise Open Chats', 'All Chats'] as const).some((p) => can(me, p)))
    throw new AppError('forbidden', 'You need a Convrs supervisor permission to see agents. Ask your Convrs admin.');
  const bu = filter.businessUnit ? await resolveBusinessUnit(deps, filter.businessUnit) : undefined;
  const scope = me.isAdmin ? undefined : me.agent!.businessUnits.map((b) => b.toLowerCase());
  // A unit outside the requester's own is refused, as `chats` and `coverage` do, not shown as a silently partial list.
  if (bu && scope && !scope.includes(bu.toLowerCase()))
    throw new AppError(
      'forbidden',
      `You can't see the agents of ${bu}. Your business units: ${me.agent!.businessUnits.join(', ') || 'none'}.`,
    );
  const status = filter.status
    ? ((filter.status[0].toUpperCase() + filter.status.slice(1).toLowerCase()) as AgentStatus)
    : undefined;
  const all = await agentsWithLoad(deps);
  const agents = all
    .filter((a) => !scope || a.businessUnits.some((b) => scope.includes(b.toLowerCase())))
    .filter((a) => !bu || a.businessUnits.includes(bu))
    .filter((a) => !status || a.status === status)
    .sort((a, b) => a.name.localeCompare(b.name));
  const size = deps.settings.pageSize;
  const shown = agents.slice((page - 1) * size, page * size);
  const rows: ListRowView[] = [];
  for (const a of shown) {
    const { items } = await deps.store.chats.query({ status: 'open', agent: a.email }, { page: 1, pageSize: 20 });
    const hint = loadHint(me, a, items, all);
    rows.push({
      cells: [
        a.name,
        a.email,
        a.status,
        a.selfStatus ?? '–',
        `${a.openChats} of ${a.maxChats}`,
        a.businessUnits.join(', '),
        items.map((c) => c.ref).join(' ') || '–',
        hint.text || '–',
      ],
      ...(hint.button ? { button: hint.button } : {}),
    });
  }
  return {
    type: 'list',
    page: {
      title: `Agents (${agents.length})`,
      columns: ['Agent', 'Email', 'Status', 'Self status', 'Load', 'Business units', 'Open chats', 'Hints'],
      rows,
      page,
      pageCount: Math.max(1, Math.ceil(agents.length / size)),
      total: agents.length,
      command,
      emptyText: 'No agents match.',
    },
  };
}

/**
 * Why an agent may need a hand: at capacity, or two or more negative chats. Then one click moves their riskiest chat
 * to the least-loaded Online agent of its unit with room (the click runs `transfer`, which checks everything again);
 * with nobody to take it the hint says so. The button is offered only to someone who may supervise that chat.
 */
export function loadHint(
  me: Supervisor,
  a: Agent,
  open: Chat[],
  all: Agent[],
): { text: string; button?: CommandButtonView } {
  const mine = open.filter((c) => c.agentEmail?.toLowerCase() === a.email.toLowerCase());
  const negative = mine.filter((c) => c.sentimentLabel === 'negative').length;
  const hints = [...(atCapacity(a) ? ['at capacity'] : []), ...(negative >= 2 ? [`${negative} negative`] : [])];
  const chat = hints.length ? riskiestChat(mine) : null;
  if (!chat) return { text: hints.join(', ') };
  const to = leastLoaded(all, { unit: chat.businessUnit, need: 1, exclude: a.email });
  if (!to) return { text: [...hints, `no one in ${chat.businessUnit} has room`].join(', ') };
  if (!can(me, 'Supervise', chat.businessUnit)) return { text: hints.join(', ') };
  return {
    text: hints.join(', '),
    button: { label: `Move ${chat.ref} to ${to.name}`, command: `transfer ${chat.ref} to ${to.email}` },
  };
}
