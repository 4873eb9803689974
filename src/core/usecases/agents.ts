// Agent oversight: status, load and open chats per agent (SPEC §3.5).
import { can, knownAgents, requireSupervisor } from '../access';
import type { Deps } from '../deps';
import { AppError } from '../errors';
import type { Agent, AgentStatus } from '../model';
import type { Requester } from '../ports';
import type { ReplyView } from '../views';
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
  const status = filter.status ? ((filter.status[0].toUpperCase() + filter.status.slice(1).toLowerCase()) as AgentStatus) : undefined;
  const agents = (await agentsWithLoad(deps))
    .filter((a) => !scope || a.businessUnits.some((b) => scope.includes(b.toLowerCase())))
    .filter((a) => !bu || a.businessUnits.includes(bu))
    .filter((a) => !status || a.status === status)
    .sort((a, b) => a.name.localeCompare(b.name));
  const size = deps.settings.pageSize;
  const shown = agents.slice((page - 1) * size, page * size);
  const rows = [];
  for (const a of shown) {
    const { items } = await deps.store.chats.query({ status: 'open', agent: a.email }, { page: 1, pageSize: 20 });
    rows.push({ cells: [a.name, a.email, a.status, a.selfStatus ?? '–', `${a.openChats} of ${a.maxChats}`, a.businessUnits.join(', '), items.map((c) => c.ref).join(' ') || '–'] });
  }
  return {
    type: 'list',
    page: {
      title: `Agents (${agents.length})`,
      columns: ['Agent', 'Email', 'Status', 'Self status', 'Load', 'Business units', 'Open chats'],
      rows,
      page,
      pageCount: Math.max(1, Math.ceil(agents.length / size)),
      total: agents.length,
      command,
      emptyText: 'No agents match.',
    },
  };
}
