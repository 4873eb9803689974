// "My Supervised Chats" and the watched business units: what a supervisor's home screen shows.
import { requireSupervisor } from '../access';
import type { Deps } from '../deps';
import { isAppError } from '../errors';
import type { Requester } from '../ports';
import { chatCard } from '../present';
import type { ChatCardView, HomeView, ReplyView } from '../views';

/** `home` as a command: the same view the Slack App Home and the Teams welcome card show. */
export async function homeCommand(deps: Deps, who: Requester): Promise<ReplyView> {
  return { type: 'home', home: await homeOf(deps, who) };
}

export async function homeOf(deps: Deps, who: Requester): Promise<HomeView> {
  let unmapped: string | undefined;
  try {
    await requireSupervisor(deps, who);
  } catch (e) {
    if (!isAppError(e) || e.code !== 'unmapped_user') throw e;
    unmapped = e.userMessage;
  }
  const supervised: ChatCardView[] = [];
  for (const t of await deps.store.threads.personalOf(who.surface, who.userId)) {
    if (!t.active) continue;
    const chat = await deps.store.chats.get(t.chatId);
    if (!chat) continue;
    const agent = chat.agentEmail ? await deps.store.agents.byEmail(chat.agentEmail) : null;
    supervised.push(chatCard(chat, agent, ['unsupervise']));
  }
  return { coverage: null, supervised, watches: await deps.store.watches.list(who.surface), unmapped };
}
