// Intervene: transfer a chat to an agent or business unit, or finish it (SPEC §3.3).
import { knownAgents, requirePermission, requireSupervisor } from '../access';
import type { Deps } from '../deps';
import { AppError } from '../errors';
import type { Chat } from '../model';
import type { Requester } from '../ports';
import type { ReplyView } from '../views';
import { agentsWithLoad } from './agents';
import { findChat } from './find-chat';
import { refreshChat } from './follow-access';
import { requestCardRefresh } from './refresh-cards';
import { resolveBusinessUnit } from './watch';

export type TransferTarget = { kind: 'agent'; value: string } | { kind: 'bu'; value: string };

async function openChatFor(deps: Deps, who: Requester, ref: string): Promise<{ chat: Chat; email: string }> {
  const me = await requireSupervisor(deps, who);
  const chat = await findChat(deps, ref);
  requirePermission(me, 'Supervise', chat.businessUnit);
  if (chat.status !== 'open') throw new AppError('conflict', `${chat.ref} is already finished.`);
  return { chat, email: me.email };
}

/** Without a target: the form with agent and BU choices (the card's Transfer button). */
export async function transferForm(deps: Deps, who: Requester, ref: string): Promise<ReplyView> {
  const { chat } = await openChatFor(deps, who, ref);
  const agents = (await agentsWithLoad(deps)).filter((a) => a.status !== 'Disabled' && a.email !== chat.agentEmail);
  const businessUnits = [...new Set(agents.flatMap((a) => a.businessUnits))].sort();
  return {
    type: 'transfer-form',
    form: { ref: chat.ref, agents: agents.map((a) => ({ email: a.email, name: a.name, status: a.status, load: `${a.openChats} of ${a.maxChats}` })), businessUnits },
  };
}

export async function transfer(deps: Deps, who: Requester, ref: string, to: TransferTarget): Promise<ReplyView> {
  const { chat, email } = await openChatFor(deps, who, ref);
  let target: { agentEmail?: string; businessUnit?: string };
  let label: string;
  if (to.kind === 'bu') {
    const bu = await resolveBusinessUnit(deps, to.value);
    target = { businessUnit: bu };
    label = bu;
  } else {
    const wanted = to.value.trim().toLowerCase();
    const agents = await knownAgents(deps);
    const matches = agents.filter((a) => a.email.toLowerCase() === wanted || a.name.toLowerCase() === wanted);
    const loose = matches.length ? matches : agents.filter((a) => a.name.toLowerCase().includes(wanted));
    if (loose.length !== 1) {
      const hint = loose.length > 1 ? `"${to.value}" matches ${loose.map((a) => a.name).join(', ')}; use an email.` : `There is no agent "${to.value}".`;
      throw new AppError('bad_input', `${hint} Try \`agents\` to see who is available.`);
    }
    if (loose[0].status === 'Disabled') throw new AppError('conflict', `${loose[0].name} is disabled in Convrs and cannot take chats.`);
    target = { agentEmail: loose[0].email };
    label = `${loose[0].name} (${loose[0].email})`;
  }
  const asked = deps.clock.now();
  const snapshot = await deps.platform.transfer(chat.conversationId, target, email);
  // Before Convrs's own event arrives: whoever may not see the chat's new unit stops seeing it now.
  await refreshChat(deps, chat, snapshot, asked);
  await deps.store.chats.update(chat.id, { state: 'transferred' });
  await deps.store.audit.record({ actor: email, action: 'transfer', chatId: chat.id, detail: `to ${label}` });
  await requestCardRefresh(deps, chat.id, 'state');
  return { type: 'notice', tone: 'success', text: `${chat.ref} transferred to ${label}.` };
}

export async function finish(deps: Deps, who: Requester, ref: string, confirmed: boolean): Promise<ReplyView> {
  const { chat, email } = await openChatFor(deps, who, ref);
  if (!confirmed) {
    return { type: 'confirm', confirm: { ref: chat.ref, action: 'finish', question: `Finish ${chat.ref} with ${chat.customerName}? The customer's conversation ends.` } };
  }
  const asked = deps.clock.now();
  const snapshot = await deps.platform.finish(chat.conversationId, email);
  await refreshChat(deps, chat, snapshot, asked);
  await deps.store.chats.update(chat.id, { status: 'closed', state: 'finished', closedAt: snapshot.closedAt ?? deps.clock.now(), inactive: false });
  await deps.store.audit.record({ actor: email, action: 'finish', chatId: chat.id, detail: '' });
  await requestCardRefresh(deps, chat.id, 'state');
  // The CSAT now, not when Convrs's finish event comes back (that one's run then finds this CSAT and does nothing).
  await deps.jobs.scoreChat(chat.id, 'finish');
  return { type: 'notice', tone: 'success', text: `${chat.ref} finished.` };
}
