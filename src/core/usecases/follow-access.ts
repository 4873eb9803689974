// Permissions follow the chat (SPEC §3.9): when a chat moves to another business unit, or a supervisor's rights
// change, every thread whose viewers may no longer see the chat gets one closing note and stops; the walls of the
// chat's new unit start showing it.
import { can, supervisorOfUser } from '../access';
import type { Deps } from '../deps';
import { surfaceOf } from '../deps';
import type { Chat, ChatSnapshot, Thread } from '../model';
import { presenceOf } from '../presence';
import { chatCard } from '../present';
import { openWallThreads, threadNote } from '../threads';
import type { ChatPresenceView } from '../views';
import { targetOf } from './drain';
import { presenceChanged } from './refresh-cards';

/**
 * Re-checks every active thread of a chat, just assigned or transferred, against who may see it now. `before`: the
 * chat as it was before (its card, without buttons, is what an ended thread keeps showing; our own transfer may
 * already have stored the new unit, so the wording does not depend on it). Returns how many threads ended.
 */
export async function followChatAccess(deps: Deps, chat: Chat, before?: Chat): Promise<number> {
  const threads = (await deps.store.threads.forChat(chat.id)).filter((t) => t.active);
  const ending: { t: Thread; text: string }[] = [];
  for (const t of threads) {
    const text = await closingNote(deps, chat, t, 'moved');
    if (text) ending.push({ t, text });
  }
  let ended = 0;
  if (ending.length) {
    const shown = before ?? chat;
    // The ended cards keep who was on the chat as their viewers last saw it, less those leaving now; not the walls
    // of the unit it moved to, which open below.
    const presence = await presenceOf(
      deps,
      shown,
      threads.filter((t) => !ending.some((e) => e.t.id === t.id)),
    );
    for (const { t, text } of ending) if (await endThread(deps, shown, t, text, presence)) ended++;
  }
  await openWallThreads(deps, chat);
  // The threads that stay lost company: their cards say so.
  if (ended) await presenceChanged(deps, chat.id);
  return ended;
}

/**
 * Stores a platform snapshot of a chat we hold (read at `asOf`); when it moved the chat to another unit, the threads
 * follow. Every path that learns a chat's unit from a snapshot (our transfer or finish, a reconcile) comes here.
 */
export async function refreshChat(deps: Deps, before: Chat, snapshot: ChatSnapshot, asOf: Date): Promise<Chat> {
  const { chat } = await deps.store.chats.upsert(snapshot, { asOf });
  if (chat.businessUnit !== before.businessUnit) await followChatAccess(deps, chat, before);
  return chat;
}

/** A supervisor's rights changed (her agent's units or permissions): her personal threads are checked again. */
export async function followSupervisorAccess(deps: Deps, email: string): Promise<number> {
  let ended = 0;
  for (const u of await deps.store.identities.usersWithEmail(email)) {
    for (const t of await deps.store.threads.personalOf(u.surface, u.userId)) {
      if (!t.active) continue;
      const chat = await deps.store.chats.get(t.chatId);
      const text = chat && (await closingNote(deps, chat, t, 'rights'));
      if (!chat || !text) continue;
      const others = (await deps.store.threads.forChat(chat.id)).filter((o) => o.id !== t.id);
      if (!(await endThread(deps, chat, t, text, await presenceOf(deps, chat, others)))) continue;
      ended++;
      await presenceChanged(deps, chat.id);
    }
  }
  return ended;
}

/** Why this thread may no longer show the chat (the note its viewers get), or null when it still may. */
async function closingNote(deps: Deps, chat: Chat, t: Thread, why: 'moved' | 'rights'): Promise<string | null> {
  const bu = chat.businessUnit;
  if (t.kind === 'team') {
    const walls = await deps.store.watches.forBusinessUnit(bu);
    if (walls.some((w) => w.surface === t.surface && w.destination === t.destination)) return null;
    return `${chat.ref} moved to ${bu}, which this channel does not watch; it is no longer shown here.`;
  }
  const owner = t.ownerUserId ? await supervisorOfUser(deps, t.surface, t.ownerUserId) : null;
  if (owner && can(owner, 'Supervise', bu)) return null;
  return why === 'moved'
    ? `${chat.ref} moved to ${bu}; you no longer supervise it.`
    : `You no longer have the Supervise permission for ${bu}, so you no longer supervise ${chat.ref}.`;
}

/**
 * Ends the thread: what was still waiting for it is dropped, the note is its last line, and its card loses its
 * buttons. Under the chat's lock, so no new line of the chat is queued for it in between.
 */
async function endThread(
  deps: Deps,
  shown: Chat,
  t: Thread,
  text: string,
  presence: ChatPresenceView,
): Promise<boolean> {
  const ended = await deps.store.transaction(async (tx) => {
    await tx.chats.lock(shown.id);
    // Read again under the lock: a transfer of ours and Convrs's event of it may both get here (the first one ends
    // the thread), and its card may have been posted since it was read.
    const now = await tx.threads.get(t.id);
    if (!now?.active) return null;
    if (!now.rootPostId) {
      // Nothing was posted yet: there is no thread to close with a note.
      await tx.threads.end(t.id, null, 'access ended');
      return 'silently';
    }
    const { message } = await tx.messages.insert(
      shown.id,
      threadNote(shown.conversationId, t.id, text, deps.clock.now()),
    );
    await tx.threads.end(t.id, message.id, 'access ended');
    return 'with a note';
  });
  if (ended !== 'with a note') return ended !== null;
  await deps.jobs.drain(t.surface, t.destination);
  deps.log.info(
    { chat: shown.ref, threadId: t.id, surface: t.surface, kind: t.kind },
    'thread ended: its viewers may no longer see the chat',
  );
  if (!deps.surfaces.has(t.surface)) return true;
  try {
    const agent = shown.agentEmail ? await deps.store.agents.byEmail(shown.agentEmail) : null;
    // As it was when they could still see it, marked as moved on, with nothing left to press.
    await surfaceOf(deps, t.surface).updateCard(
      targetOf((await deps.store.threads.get(t.id)) ?? t),
      chatCard({ ...shown, state: shown.status === 'open' ? 'transferred' : shown.state }, agent, [], presence),
    );
  } catch (e) {
    deps.log.warn(
      { threadId: t.id, err: (e as Error).message },
      "could not take the buttons off an ended thread's card",
    );
  }
  return true;
}
