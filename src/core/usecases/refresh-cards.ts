// Re-renders a chat's card in place in every thread that mirrors it.
import type { Deps } from '../deps';
import { surfaceOf } from '../deps';
import { isAppError } from '../errors';
import { actionsFor, chatCard } from '../present';
import { targetOf } from './drain';

/**
 * Why a card is re-rendered. `state`: something a supervisor must see at once (finished, transferred or
 * reassigned, the Inactive badge). `routine`: scores, activity, agent status, thumbs; edited at most every few
 * seconds per chat, because card edits are rate-limited (Slack: chat.update, ~50 per minute per workspace).
 */
export type CardChange = 'state' | 'routine';

/**
 * Asks for a card refresh, only when the chat is mirrored somewhere (an active thread, its card posted or about to
 * be, possibly from a state read just before this change): most chats are not, and their changes must not use up
 * the card edit budget.
 */
export async function requestCardRefresh(deps: Deps, chatId: number, change: CardChange): Promise<void> {
  const threads = await deps.store.threads.forChat(chatId);
  if (!threads.some((t) => t.active)) return;
  await deps.jobs.refreshCards(chatId, change);
}

export async function refreshCards(deps: Deps, chatId: number): Promise<number> {
  const chat = await deps.store.chats.get(chatId);
  if (!chat) return 0;
  const agent = chat.agentEmail ? await deps.store.agents.byEmail(chat.agentEmail) : null;
  let updated = 0;
  for (const t of await deps.store.threads.forChat(chatId)) {
    if (!t.active || !t.rootPostId || !deps.surfaces.has(t.surface)) continue;
    try {
      await surfaceOf(deps, t.surface).updateCard(targetOf(t), chatCard(chat, agent, actionsFor(t.kind, chat)));
      updated++;
    } catch (e) {
      if (isAppError(e) && (e.retryable || e.code === 'rate_limited')) throw e;
      deps.log.warn({ threadId: t.id, code: isAppError(e) ? e.code : 'internal', err: (e as Error).message }, 'card update failed');
    }
  }
  return updated;
}
