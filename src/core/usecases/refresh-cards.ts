// Re-renders a chat's card in place in every thread that mirrors it.
import { calibratedCsat } from '../calibration-source';
import type { Deps } from '../deps';
import { surfaceOf } from '../deps';
import { isAppError } from '../errors';
import { presenceOf } from '../presence';
import { actionsFor, chatCard } from '../present';
import { targetOf } from './drain';

/**
 * Why a card is re-rendered. `state`: something a supervisor must see at once (finished, transferred or
 * reassigned, the Inactive badge, who is on the chat). `routine`: scores, activity, agent status, thumbs; edited at most every few
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

/**
 * Who is on the chat changed: a supervisor started or stopped, a wall opened or closed, a thread ended, a whisper was
 * made. A `state` change, not `routine`: held at the routine pace (20 s per chat), a second supervisor would read
 * "Nobody supervises this chat" (or miss the last whisper) and start coaching the same agent in between.
 */
export async function presenceChanged(deps: Deps, chatId: number): Promise<void> {
  // Best effort: it runs after what changed presence was done (a whisper already sent), so a failure here must not
  // turn that into an error for the user (who might then whisper twice); the card catches up on its next refresh.
  try {
    await requestCardRefresh(deps, chatId, 'state');
  } catch (e) {
    deps.log.warn(
      { chatId, code: isAppError(e) ? e.code : 'internal', err: (e as Error).message },
      'could not ask for a card refresh after a presence change',
    );
  }
}

/** Reads the chat, its threads, its agent and who is on it once for all of its cards (see presenceOf for the cost). */
export async function refreshCards(deps: Deps, chatId: number): Promise<number> {
  const chat = await deps.store.chats.get(chatId);
  if (!chat) return 0;
  const threads = await deps.store.threads.forChat(chatId);
  const shown = threads.filter((t) => t.active && t.rootPostId && deps.surfaces.has(t.surface));
  if (!shown.length) return 0;
  const [agent, presence, calibrated] = await Promise.all([
    chat.agentEmail ? deps.store.agents.byEmail(chat.agentEmail) : null,
    presenceOf(deps, chat, threads),
    calibratedCsat(deps, chat),
  ]);
  let updated = 0;
  for (const t of shown) {
    try {
      await surfaceOf(deps, t.surface).updateCard(
        targetOf(t),
        chatCard(chat, agent, actionsFor(t.kind, chat), presence, calibrated),
      );
      updated++;
    } catch (e) {
      if (isAppError(e) && (e.retryable || e.code === 'rate_limited')) throw e;
      deps.log.warn(
        { threadId: t.id, code: isAppError(e) ? e.code : 'internal', err: (e as Error).message },
        'card update failed',
      );
    }
  }
  return updated;
}
