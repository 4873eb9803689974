// Intervene: transfer a chat to an agent or business unit, or finish it (SPEC §3.3).
import { requirePermission, requireSupervisor } from '../access';
import type { TransferTarget } from '../commands/command';
import type { Deps } from '../deps';
import { AppError } from '../errors';
import type { Agent, Chat } from '../model';
import type { Requester } from '../ports';
import type { ReplyView } from '../views';
import { agentsWithLoad } from './agents';
import { loadOf, matchAgent, roomOf } from './agent-load';
import { findChat } from './find-chat';
import { afterChatLeftAgent } from './orphans';
import { refreshChat } from './follow-access';
import { requestCardRefresh } from './refresh-cards';
import { resolveBusinessUnit } from './watch';

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
  const agents = (await agentsWithLoad(deps)).filter(
    (a) => a.status !== 'Disabled' && a.status !== 'Offline' && a.email !== chat.agentEmail,
  );
  const businessUnits = [...new Set(agents.flatMap((a) => a.businessUnits))].sort();
  return {
    type: 'transfer-form',
    form: {
      ref: chat.ref,
      agents: agents.map((a) => ({
        email: a.email,
        name: a.name,
        status: a.status,
        load: `${a.openChats} of ${a.maxChats}`,
      })),
      businessUnits,
    },
  };
}

export async function transfer(deps: Deps, who: Requester, ref: string, to: TransferTarget): Promise<ReplyView> {
  const { chat, email } = await openChatFor(deps, who, ref);
  const { target, label } = await transferTarget(deps, to, 1);
  await moveChat(deps, email, chat, target, `to ${label}`);
  return { type: 'notice', tone: 'success', text: `${chat.ref} transferred to ${label}.` };
}

/**
 * Where `transfer` and `transfer-all` send chats: a unit, or an agent who can take `need` more (not Disabled; with
 * room, counted from the open chats we hold for them; not Offline either, where the chat would wait unanswered).
 */
export async function transferTarget(
  deps: Deps,
  to: TransferTarget,
  need: number,
): Promise<{ target: MoveTarget; label: string; agent?: Agent }> {
  if (to.kind === 'bu') {
    const bu = await resolveBusinessUnit(deps, to.value);
    return { target: { businessUnit: bu }, label: bu };
  }
  const agent = matchAgent(await agentsWithLoad(deps), to.value);
  if (agent.status === 'Disabled')
    throw new AppError('conflict', `${agent.name} is disabled in Convrs and cannot take chats.`);
  if (agent.status === 'Offline')
    throw new AppError(
      'conflict',
      `${agent.name} is Offline in Convrs: the chats would wait there too. Pick someone Online or a unit.`,
    );
  const room = roomOf(agent);
  if (room < need) {
    const why = room === 0 ? 'at capacity' : `room for ${room}, not ${need}`;
    throw new AppError(
      'conflict',
      `${agent.name} has ${loadOf(agent)} open chats: ${why}. Pick someone with room (\`agents\` shows the loads) or a unit (bu:<name>).`,
    );
  }
  return { target: { agentEmail: agent.email }, label: `${agent.name} (${agent.email})`, agent };
}

export type MoveTarget = { agentEmail?: string; businessUnit?: string };

/** One chat to its new agent or unit: Convrs first, then our records, the audit row and the cards. */
export async function moveChat(deps: Deps, by: string, chat: Chat, target: MoveTarget, detail: string): Promise<Chat> {
  const asked = deps.clock.now();
  const snapshot = await deps.platform.transfer(chat.conversationId, target, by);
  // Before Convrs's own event arrives: whoever may not see the chat's new unit stops seeing it now.
  const moved = await refreshChat(deps, chat, snapshot, asked);
  await deps.store.chats.update(chat.id, { state: 'transferred' });
  await deps.store.audit.record({ actor: by, action: 'transfer', chatId: chat.id, detail });
  await requestCardRefresh(deps, chat.id, 'state');
  if (chat.agentEmail && chat.agentEmail.toLowerCase() !== moved.agentEmail?.toLowerCase())
    await afterChatLeftAgent(deps, chat.agentEmail);
  return moved;
}

export async function finish(deps: Deps, who: Requester, ref: string, confirmed: boolean): Promise<ReplyView> {
  const { chat, email } = await openChatFor(deps, who, ref);
  if (!confirmed) {
    return {
      type: 'confirm',
      confirm: {
        ref: chat.ref,
        action: 'finish',
        question: `Finish ${chat.ref} with ${chat.customerName}? The customer's conversation ends.`,
      },
    };
  }
  const asked = deps.clock.now();
  const snapshot = await deps.platform.finish(chat.conversationId, email);
  await refreshChat(deps, chat, snapshot, asked);
  await deps.store.chats.update(chat.id, {
    status: 'closed',
    state: 'finished',
    closedAt: snapshot.closedAt ?? deps.clock.now(),
    inactive: false,
  });
  await deps.store.audit.record({ actor: email, action: 'finish', chatId: chat.id, detail: '' });
  await requestCardRefresh(deps, chat.id, 'state');
  if (chat.agentEmail) await afterChatLeftAgent(deps, chat.agentEmail);
  // The CSAT now, not when Convrs's finish event comes back (that one's run then finds this CSAT and does nothing).
  await deps.jobs.scoreChat(chat.id, 'finish');
  return { type: 'notice', tone: 'success', text: `${chat.ref} finished.` };
}
