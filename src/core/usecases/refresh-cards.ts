// Re-renders a chat's card in place in every thread that mirrors it.
import type { Deps } from '../deps';
import { surfaceOf } from '../deps';
import { isAppError } from '../errors';
import { chatCard } from '../present';
import { targetOf } from './drain-destination';

export async function refreshCards(deps: Deps, chatId: number): Promise<number> {
  const chat = await deps.store.chats.get(chatId);
  if (!chat) return 0;
  const agent = chat.agentEmail ? await deps.store.agents.byEmail(chat.agentEmail) : null;
  let updated = 0;
  for (const t of await deps.store.threads.forChat(chatId)) {
    if (!t.active || !t.rootPostId || !deps.surfaces.has(t.surface)) continue;
    try {
      await surfaceOf(deps, t.surface).updateCard(targetOf(t), chatCard(chat, agent));
      updated++;
    } catch (e) {
      if (isAppError(e) && (e.retryable || e.code === 'rate_limited')) throw e;
      deps.log.warn({ threadId: t.id, code: isAppError(e) ? e.code : 'internal', err: (e as Error).message }, 'card update failed');
    }
  }
  return updated;
}
