// Opening threads and fanning new messages out to every thread of a chat (through the outbox).
import type { Deps } from './deps';
import type { Chat, IncomingMessage, StoredMessage, SurfaceName, Thread, ThreadKind } from './model';
import type { Redact } from './redact';
import { presenceChanged, requestCardRefresh } from './usecases/refresh-cards';

type Place = { surface: SurfaceName; destination: string; kind: ThreadKind; ownerUserId: string | null };

/** Opens a chat's thread in a destination; a new thread starts with the chat's recent history. */
export async function openThread(deps: Deps, chat: Chat, where: Place): Promise<{ thread: Thread; created: boolean }> {
  return (await openThreadWhile(deps, chat, where, () => true))!;
}

/** Opens the chat's thread on a wall watching `unit`, only while the chat is in that unit (see openThreadWhile). */
export async function openWallThread(
  deps: Deps,
  chat: Chat,
  wall: { surface: SurfaceName; destination: string; unit: string },
) {
  const place = { surface: wall.surface, destination: wall.destination, kind: 'team' as const, ownerUserId: null };
  return openThreadWhile(deps, chat, place, (now) => now.businessUnit.toLowerCase() === wall.unit.toLowerCase());
}

/**
 * Opens the thread only if `allowed` holds for the chat as it is under its lock: a transfer applied a moment ago,
 * whose check of the chat's threads ran before this one existed, is then not undone by a thread opening on a stale
 * read (a wall of the old unit, a supervisor of it). Null when it does not hold.
 */
export async function openThreadWhile(
  deps: Deps,
  chat: Chat,
  where: Place,
  allowed: (now: Chat) => boolean,
): Promise<{ thread: Thread; created: boolean } | null> {
  // Under the chat's lock, like appendMessage: a message stored at the same moment is either in this history or
  // sees this thread and is queued for it; never neither (two workers, one opening, one appending).
  const opened = await deps.store.transaction(async (tx) => {
    await tx.chats.lock(chat.id);
    const now = await tx.chats.get(chat.id);
    if (!now || !allowed(now)) return null;
    const o = await tx.threads.open({ chatId: chat.id, ...where, fromSeq: 0 });
    // A closing note said to one thread's viewer ("you no longer supervise it") is nobody else's history.
    const history = (await tx.messages.recent(chat.id, deps.settings.historyLines)).filter((m) => !isThreadNote(m));
    if (history.length) {
      await tx.outbox.enqueue(history.map((m) => ({ threadId: o.thread.id, messageId: m.id })));
      if (!o.created)
        await tx.outbox.revive(
          o.thread.id,
          history.map((m) => m.id),
        );
    }
    return o;
  });
  if (opened) await deps.jobs.drain(where.surface, opened.thread.destination);
  return opened;
}

/**
 * Stores a message once and queues it for every active thread of the chat (except `skipThreadId`), in
 * one transaction: a crash can never leave a stored message that no thread will show. `acceptedAt`: when the event
 * that carried it was accepted (its reorder window and latency count from then; default now); `inboxId`, that event,
 * is marked applied with the message (a drain must not wait for the very event that brought its line).
 */
export async function appendMessage(
  deps: Deps,
  chat: Chat,
  incoming: IncomingMessage,
  opts: { skipThreadId?: number; acceptedAt?: Date; inboxId?: number } = {},
): Promise<{ message: StoredMessage; inserted: boolean }> {
  return (await appendMessages(deps, [{ chat, incoming, opts }]))[0]!;
}

/**
 * appendMessage for several messages (of one or many chats) in one unit of work (one round trip on PostgreSQL), as
 * events are applied in batches. Each chat's messages keep the order given.
 */
export async function appendMessages(
  deps: Deps,
  items: {
    chat: Chat;
    incoming: IncomingMessage;
    opts?: { skipThreadId?: number; acceptedAt?: Date; inboxId?: number };
  }[],
): Promise<{ message: StoredMessage; inserted: boolean }[]> {
  // Customer and agent lines are activity (notes and whispers are not).
  const activityOf = (m: IncomingMessage) => m.kind === 'message' && m.role !== 'whisper';
  const stored = await deps.store.messages.appendMany(
    items.map(({ chat, incoming, opts = {} }) => ({
      chatId: chat.id,
      message: deps.redactStored ? storable(deps.redactStored, incoming) : incoming,
      opts: {
        activity: activityOf(incoming),
        skipThreadId: opts.skipThreadId,
        receivedAt: opts.acceptedAt,
        inboxId: opts.inboxId,
      },
    })),
  );
  // Per destination, the earliest time one of these lines may go: one wake-up each.
  const wake = new Map<string, { surface: SurfaceName; destination: string; due: number }>();
  for (const [i, { message, inserted, destinations }] of stored.entries()) {
    const { chat, incoming } = items[i]!;
    if (inserted && activityOf(incoming)) {
      const wasInactive = chat.inactive;
      if (incoming.at > chat.lastActivityAt) chat.lastActivityAt = incoming.at;
      chat.inactive = false;
      // The Inactive badge clears at once; a new message alone changes nothing a supervisor must see on the card.
      if (wasInactive) await requestCardRefresh(deps, chat.id, 'state');
    }
    // The line may go once its reorder window (counted from acceptance) has passed: at once when applying lagged.
    const due = message.receivedAt.getTime() + deps.settings.reorderWindowMs;
    for (const d of destinations) {
      const k = `${d.surface}\u0000${d.destination}`;
      const w = wake.get(k);
      if (!w || due < w.due) wake.set(k, { ...d, due });
    }
  }
  // Independent of each other: at once (one line per DM makes a batch of events as many wake-ups, most of them no call).
  await Promise.all([...wake.values()].map((w) => deps.jobs.drain(w.surface, w.destination, new Date(w.due))));
  return stored.map(({ message, inserted }) => ({ message, inserted }));
}

/**
 * Opens the chat's thread in every channel watching its business unit ("Open Chats walls"); open chats only. This runs
 * for every new chat: one read of its threads whatever the number of walls, and a card refresh only when a wall
 * opened on a chat already mirrored elsewhere (those cards now name the wall; a new chat has no card yet).
 */
export async function openWallThreads(deps: Deps, chat: Chat): Promise<void> {
  if (chat.status !== 'open') return;
  const walls = await deps.store.watches.forBusinessUnit(chat.businessUnit);
  if (!walls.length) return;
  const active = (await deps.store.threads.forChat(chat.id)).filter((t) => t.active);
  let opened = false;
  for (const w of walls) {
    if (active.some((t) => t.surface === w.surface && t.destination === w.destination)) continue;
    if (await openWallThread(deps, chat, { surface: w.surface, destination: w.destination, unit: w.businessUnit }))
      opened = true;
  }
  if (opened && active.length) await presenceChanged(deps, chat.id);
}

/** A note for one thread only (posted to it as it ends), never part of another thread's history. */
export function threadNote(conversationId: string, threadId: number, text: string, at: Date): IncomingMessage {
  return { ...note(conversationId, '', text, at), mid: `thread-note:${threadId}:${at.getTime()}` };
}

export const isThreadNote = (m: { mid: string }) => m.mid.startsWith('thread-note:');

/** A system note in the chat's threads ("Transferred to Ann Lee"); `key` makes it idempotent. */
export function note(conversationId: string, key: string, text: string, at: Date): IncomingMessage {
  return {
    mid: `note:${key}`,
    conversationId,
    role: 'system',
    authorName: 'Convrs',
    authorEmail: null,
    text,
    attachments: [],
    at,
    kind: 'note',
  };
}

/** A message as it may be stored: card numbers masked in its text and attachment names (REDACT_PII). */
function storable(r: Redact, m: IncomingMessage): IncomingMessage {
  return { ...m, text: r(m.text), attachments: m.attachments.map((a) => ({ ...a, name: r(a.name) })) };
}
