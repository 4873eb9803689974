// Supervise / stop supervising a chat in the requester's personal thread ("My Supervised Chats").
import { can, requirePermission, requireSupervisor } from '../access';
import type { Deps } from '../deps';
import { AppError } from '../errors';
import { surfaceOf } from '../deps';
import type { Chat } from '../model';
import type { Requester } from '../ports';
import { howToWhisper, whisperPlace } from '../commands/usage';
import { appendMessage, openThreadWhile } from '../threads';
import type { ReplyView } from '../views';
import { findChat } from './find-chat';
import { presenceChanged } from './refresh-cards';

export async function supervise(deps: Deps, who: Requester, ref: string): Promise<ReplyView> {
  const me = await requireSupervisor(deps, who);
  const chat = await findChat(deps, ref);
  requirePermission(me, 'Supervise', chat.businessUnit);
  await backfillHistory(deps, chat);
  const destination = await surfaceOf(deps, who.surface).openPersonalDestination(who.userId);
  const already = (await deps.store.threads.personalOf(who.surface, who.userId)).some(
    (t) => t.chatId === chat.id && t.active,
  );
  const opened = await openThreadWhile(
    deps,
    chat,
    { surface: who.surface, destination, kind: 'personal', ownerUserId: who.userId },
    (now) => can(me, 'Supervise', now.businessUnit),
  );
  // It moved to a unit of which she is not a supervisor while we were getting here.
  if (!opened) {
    requirePermission(me, 'Supervise', (await findChat(deps, ref)).businessUnit);
    throw new AppError('conflict', `${chat.ref} was just moved to another unit. Try \`supervise ${chat.ref}\` again.`);
  }
  const { created } = opened;
  await deps.store.audit.record({
    actor: me.email,
    action: 'supervise',
    chatId: chat.id,
    detail: `${who.surface}:${who.userId}`,
  });
  if (already)
    return {
      type: 'notice',
      tone: 'info',
      text: `You already supervise ${chat.ref}; its thread is in your direct messages with me.`,
    };
  // The chat's other cards now name her (and, supervised before and stopped, her own thread goes on: its card is shown
  // again with what came since).
  await presenceChanged(deps, chat.id);
  const lead = `Supervising ${chat.ref}${created ? '' : ' again (in its earlier thread)'}`;
  // The thread is personal (a Teams personal chat: a live card), and a finished chat has no agent to whisper to.
  const text =
    chat.status === 'open'
      ? `${lead}. To whisper to the agent, ${howToWhisper(whisperPlace(who.surface, false), chat.ref)}.`
      : `${lead} (it is finished; you see its transcript).`;
  return { type: 'notice', tone: 'success', text };
}

export async function unsupervise(deps: Deps, who: Requester, ref: string): Promise<ReplyView> {
  await requireSupervisor(deps, who);
  const chat = await findChat(deps, ref);
  const mine = (await deps.store.threads.personalOf(who.surface, who.userId)).filter(
    (t) => t.chatId === chat.id && t.active,
  );
  if (!mine.length) return { type: 'notice', tone: 'info', text: `You are not supervising ${chat.ref}.` };
  for (const t of mine) await deps.store.threads.close(t.id);
  // The chat's other cards no longer name her ("Nobody supervises this chat" when she was the last).
  await presenceChanged(deps, chat.id);
  return { type: 'notice', tone: 'success', text: `Stopped supervising ${chat.ref}.` };
}

/** When supervision starts on a running chat we may have joined late: fetch its history once. */
async function backfillHistory(deps: Deps, chat: Chat): Promise<void> {
  if ((await deps.store.messages.maxSeq(chat.id)) >= deps.settings.historyLines) return;
  try {
    const { messages } = await deps.platform.getConversation(chat.conversationId);
    // Through appendMessage, not a bare insert: a line fetched here before its own event was applied must still reach
    // the chat's other threads (a wall), which that event, finding the line stored, would no longer queue it for.
    for (const m of messages) await appendMessage(deps, chat, m);
  } catch (e) {
    deps.log.warn(
      { chat: chat.ref, err: (e as Error).message },
      'could not fetch chat history; starting the thread with what we have',
    );
  }
}
