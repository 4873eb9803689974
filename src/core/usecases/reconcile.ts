// Reconcile with the platform at start and after a reconnect, so nothing missed stays missing.
import { knownAgents } from '../access';
import type { Deps } from '../deps';
import { appendMessage } from '../threads';
import { refreshChat } from './follow-access';
import { chatFor, ingestEvent } from './ingest-event';

export async function reconcile(
  deps: Deps,
  opts: { withMessages: boolean },
): Promise<{ open: number; closed: number }> {
  await knownAgents(deps).catch((e) => deps.log.warn({ err: (e as Error).message }, 'could not load agents'));
  const readAt = deps.clock.now();
  const open = await deps.platform.getOpenConversations();
  const openIds = new Set(open.map((c) => c.conversationId));
  for (const snapshot of open) {
    const known = await deps.store.chats.byConversationId(snapshot.conversationId);
    if (!known) {
      await ingestEvent(deps, { type: 'chat.started', key: `reconcile:${snapshot.conversationId}`, chat: snapshot });
    } else {
      await refreshChat(deps, known, snapshot, readAt);
    }
    if (opts.withMessages) {
      const chat = await chatFor(deps, snapshot.conversationId);
      const { messages } = await deps.platform.getConversation(snapshot.conversationId);
      for (const m of messages) await appendMessage(deps, chat, m);
    }
  }
  // Chats we still think open but the platform no longer lists finished while we were away.
  let closed = 0;
  const { items } = await deps.store.chats.query({ status: 'open' }, { page: 1, pageSize: 10_000 });
  for (const chat of items.filter((c) => !openIds.has(c.conversationId))) {
    const { chat: snap, messages } = await deps.platform.getConversation(chat.conversationId);
    if (snap.status !== 'closed') continue;
    await ingestEvent(deps, {
      type: 'chat.finished',
      key: `reconcile-finish:${chat.conversationId}`,
      conversationId: chat.conversationId,
      closedAt: snap.closedAt ?? deps.clock.now(),
      messages,
    });
    closed++;
  }
  return { open: open.length, closed };
}
