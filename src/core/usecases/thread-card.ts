// The chat card of the thread a message belongs to, with its actions (Slack's message shortcut).
import { calibratedCsat } from '../calibration-source';
import { requirePermission, requireSupervisor } from '../access';
import type { Deps } from '../deps';
import type { Requester } from '../ports';
import { presenceOf } from '../presence';
import { actionsFor, chatCard } from '../present';
import type { ReplyView } from '../views';

export async function threadCard(deps: Deps, who: Requester, rootPostId: string): Promise<ReplyView> {
  const thread = await deps.store.threads.byRoot(who.surface, who.destination, rootPostId);
  const chat = thread && (await deps.store.chats.get(thread.chatId));
  if (!chat)
    return {
      type: 'notice',
      tone: 'info',
      text: 'That message is not in a mirrored chat thread. Use Chat actions on a message inside a chat thread.',
    };
  const me = await requireSupervisor(deps, who);
  requirePermission(me, 'Supervise', chat.businessUnit);
  const [agent, presence, calibrated] = await Promise.all([
    chat.agentEmail ? deps.store.agents.byEmail(chat.agentEmail) : null,
    deps.store.threads.forChat(chat.id).then((threads) => presenceOf(deps, chat, threads)),
    calibratedCsat(deps, chat),
  ]);
  return { type: 'card', card: chatCard(chat, agent, actionsFor(thread.kind, chat), presence, calibrated) };
}
