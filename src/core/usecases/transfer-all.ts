// transfer-all: every open chat of an agent (of one unit, when asked) to another agent or a unit, each checked and audited.
import { can, requireSupervisor } from '../access';
import type { TransferTarget } from '../commands/command';
import type { Deps } from '../deps';
import { AppError, isAppError, userMessageOf } from '../errors';
import type { Chat } from '../model';
import type { Requester } from '../ports';
import type { ReplyView } from '../views';
import { agentsWithLoad } from './agents';
import { matchAgent, openChatsOf } from './agent-load';
import { moveChat, transferTarget } from './intervene';
import { refreshOrphanAlerts } from './orphan-alerts';
import { resolveBusinessUnit } from './watch';

const refs = (chats: Chat[]) => chats.map((c) => c.ref).join(', ');
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** A refusal of one chat that says nothing about the next (that chat was closed or moved meanwhile): go on with the rest. */
const onlyThisChat = (e: unknown) =>
  isAppError(e) && (e.code === 'platform_refused' || e.code === 'conflict' || e.code === 'not_found');

export async function transferAll(
  deps: Deps,
  who: Requester,
  rawAgent: string,
  rawFromUnit: string | undefined,
  to: TransferTarget,
): Promise<ReplyView> {
  const me = await requireSupervisor(deps, who);
  const agents = await agentsWithLoad(deps);
  const agent = matchAgent(agents, rawAgent);
  const fromUnit = rawFromUnit ? await resolveBusinessUnit(deps, rawFromUnit) : undefined;
  const of = fromUnit ? ` of ${fromUnit}` : '';
  const open = await openChatsOf(deps, agent.email, fromUnit);
  if (!open.length) throw new AppError('conflict', `${agent.name} has no open chats${of}.`);
  // Each chat needs "Supervise" in its own unit: the ones outside the requester's units stay where they are.
  const allowed = open.filter((c) => can(me, 'Supervise', c.businessUnit));
  const kept = open.filter((c) => !allowed.includes(c));
  const keptUnits = [...new Set(kept.map((c) => c.businessUnit))].join(', ');
  if (!allowed.length) {
    throw new AppError(
      'forbidden',
      `You need the Convrs permission "Supervise" in ${keptUnits} to move ${agent.name}'s chats${of}; nothing was moved.`,
    );
  }
  if (to.kind === 'agent' && matchAgent(agents, to.value).email.toLowerCase() === agent.email.toLowerCase()) {
    throw new AppError(
      'bad_input',
      `Those chats are ${agent.name}'s already: name another agent or a unit (bu:<name>).`,
    );
  }
  const { target, label } = await transferTarget(deps, to, allowed.length);

  const moved: Chat[] = [];
  const failed: { chat: Chat; reason: string }[] = [];
  let stopped: Chat[] = [];
  for (const [i, listed] of allowed.entries()) {
    // Checked again as it runs: the chat may have finished or moved since the list was read.
    const chat = await deps.store.chats.get(listed.id);
    if (!chat || chat.status !== 'open' || chat.agentEmail?.toLowerCase() !== agent.email.toLowerCase()) continue;
    try {
      await moveChat(deps, me.email, chat, target, `to ${label} (transfer-all of ${agent.email})`);
      moved.push(chat);
    } catch (e) {
      failed.push({ chat, reason: userMessageOf(e) });
      if (!onlyThisChat(e)) {
        stopped = allowed.slice(i + 1);
        break;
      }
    }
  }
  await refreshOrphanAlerts(deps, agent.email);
  deps.log.info(
    { moved: moved.length, failed: failed.length, notTried: stopped.length, kept: kept.length },
    'transfer-all done',
  );

  const parts: string[] = [];
  parts.push(
    moved.length
      ? `Moved ${plural(moved.length, 'chat')} of ${agent.name}${of} to ${label}: ${refs(moved)}.`
      : `Nothing of ${agent.name}'s was moved.`,
  );
  for (const f of failed) parts.push(`${f.chat.ref} was not moved: ${f.reason}`);
  if (stopped.length) parts.push(`Not tried after that: ${refs(stopped)}.`);
  if (kept.length)
    parts.push(
      `${plural(kept.length, 'chat')} in ${keptUnits} (${refs(kept)}) stayed: you may not supervise ${keptUnits}.`,
    );
  const tone =
    moved.length && !failed.length && !stopped.length && !kept.length ? 'success' : moved.length ? 'info' : 'error';
  return { type: 'notice', tone, text: parts.join(' ') };
}
