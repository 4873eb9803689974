// Relay: applies one platform event to our records and queues what the threads must show.
import type { Deps } from '../deps';
import type { PlatformEvent } from '../events';
import type { Agent, Chat, IncomingMessage } from '../model';
import { appendMessage, appendMessages, note, openWallThreads } from '../threads';
import { followChatAccess, followSupervisorAccess } from './follow-access';
import { afterAgentStatus, afterChatLeftAgent } from './orphans';
import { presenceChanged, requestCardRefresh } from './refresh-cards';

/** The inbox row an event came from: its lines count from when it was accepted. */
export interface EventSource {
  inboxId: number;
  acceptedAt: Date;
  /** The event's chat as read with its batch (one read for many events); absent: read now. */
  chat?: Chat;
}

/**
 * Applies one event. Returns `recorded: true` when its inbox row was already marked applied together with its
 * effects (a new message); otherwise the caller marks it.
 */
export async function ingestEvent(deps: Deps, ev: PlatformEvent, source?: EventSource): Promise<{ recorded: boolean }> {
  const acceptedAt = source?.acceptedAt;
  switch (ev.type) {
    case 'chat.started': {
      const { chat } = await deps.store.chats.upsert(ev.chat);
      await openWallThreads(deps, chat);
      break;
    }
    case 'message': {
      const known = source?.chat?.conversationId === ev.message.conversationId ? source.chat : undefined;
      const chat = known ?? (await chatFor(deps, ev.message.conversationId, acceptedAt));
      const skipThreadId =
        ev.message.role === 'whisper' ? await whisperSourceThread(deps, chat.id, ev.message) : undefined;
      const { inserted } = await appendMessage(deps, chat, ev.message, {
        skipThreadId,
        acceptedAt,
        inboxId: source?.inboxId,
      });
      if (inserted) await afterMessage(deps, chat, ev.message);
      // A whisper typed in the Convrs app (ours were stored when sent, so their event inserts nothing): the cards name
      // its author. Customer and agent lines cost nothing more here.
      if (inserted && ev.message.role === 'whisper') await presenceChanged(deps, chat.id);
      return { recorded: inserted && source !== undefined };
    }
    case 'chat.assigned': {
      const chat = await chatFor(deps, ev.conversationId, acceptedAt);
      // A late delivery of an older assignment is history (its note shows), not the chat's current agent and unit.
      const { chat: updated, applied } = await deps.store.chats.applyAssignment(
        chat.id,
        {
          agentEmail: ev.agentEmail,
          agentName: ev.agentName,
          businessUnit: ev.businessUnit,
          ...(ev.reason === 'transfer' ? { state: 'transferred' as const } : {}),
        },
        ev.at,
      );
      const who = ev.agentName ?? ev.agentEmail ?? 'the queue';
      const text =
        ev.reason === 'transfer'
          ? `Transferred to ${who} (${ev.businessUnit})`
          : `Assigned to ${who} (${ev.businessUnit})`;
      await appendMessage(deps, updated, note(chat.conversationId, ev.key, text, ev.at), { acceptedAt });
      // Threads whose viewers may not see the chat's unit end with a note; the unit's walls start showing it (also when
      // this event was older than what we hold: then it checks what we hold).
      await followChatAccess(deps, updated, chat);
      if (applied) await requestCardRefresh(deps, chat.id, 'state');
      // Moved off an agent: an orphaned-chats alert about them no longer lists it.
      if (applied && chat.agentEmail && chat.agentEmail.toLowerCase() !== updated.agentEmail?.toLowerCase())
        await afterChatLeftAgent(deps, chat.agentEmail);
      break;
    }
    case 'chat.finished': {
      const chat = await chatFor(deps, ev.conversationId, acceptedAt);
      for (const m of ev.messages) await appendMessage(deps, chat, m, { acceptedAt });
      const updated = await deps.store.chats.update(chat.id, {
        status: 'closed',
        state: 'finished',
        closedAt: ev.closedAt,
        inactive: false,
      });
      // One note per chat, whether the finish was ours (already stored) or made in Convrs.
      await appendMessage(
        deps,
        updated,
        note(chat.conversationId, `finished:${chat.conversationId}`, 'Chat finished', ev.closedAt),
        { acceptedAt },
      );
      await requestCardRefresh(deps, chat.id, 'state');
      if (chat.status === 'open' && chat.agentEmail) await afterChatLeftAgent(deps, chat.agentEmail);
      // Also when our own finish closed it already: a CSAT made since the finish makes this run do nothing.
      await deps.jobs.scoreChat(chat.id, 'finish');
      break;
    }
    case 'feedback': {
      const chat = await chatFor(deps, ev.conversationId, acceptedAt);
      // Feedback changed twice and delivered out of order: the later one stands.
      const { chat: updated, applied } = await deps.store.chats.applyThumbs(chat.id, ev.thumbs, ev.at);
      const comment = ev.comment ? `: “${ev.comment}”` : '';
      await appendMessage(
        deps,
        updated,
        note(chat.conversationId, ev.key, `Customer feedback ${ev.thumbs === 'up' ? '👍' : '👎'}${comment}`, ev.at),
        { acceptedAt },
      );
      // The feedback shows at once as a note in the thread; the card's thumbs can follow.
      await requestCardRefresh(deps, chat.id, 'routine');
      // Thumbs after the finish move the predicted CSAT (down ⇒ at most 2, up ⇒ at least 4); before it, the finish
      // score reads them.
      if (applied && updated.status === 'closed') await deps.jobs.scoreChat(chat.id, 'feedback');
      break;
    }
    case 'agent.status': {
      const before = await deps.store.agents.byEmail(ev.agent.email);
      await deps.store.agents.upsert(ev.agent);
      if (before && accessChanged(before, ev.agent)) await followSupervisorAccess(deps, ev.agent.email);
      const { items } = await deps.store.chats.query(
        { status: 'open', agent: ev.agent.email },
        { page: 1, pageSize: 100 },
      );
      for (const c of items) await requestCardRefresh(deps, c.id, 'routine');
      // Offline, Disabled or Away while holding chats: checked in a worker (at once, or once Away long enough).
      const held = items.filter((c) => c.agentEmail?.toLowerCase() === ev.agent.email.toLowerCase()).length;
      await afterAgentStatus(deps, before, ev.agent, held, acceptedAt ?? deps.clock.now());
      break;
    }
    case 'ignored':
      break;
  }
  return { recorded: false };
}

/** A message event that can be applied with others in one write: its chat is known and it is not a whisper. */
export interface PlainMessage {
  ev: Extract<PlatformEvent, { type: 'message' }>;
  source: EventSource & { chat: Chat };
}

export const isPlainMessage = (ev: PlatformEvent, chat: Chat | undefined): ev is PlainMessage['ev'] =>
  ev.type === 'message' &&
  chat !== undefined &&
  ev.message.conversationId === chat.conversationId &&
  ev.message.role !== 'whisper';

/**
 * Applies plain message events (of many chats; each chat's in order) in one write, each as ingestEvent would. Returns
 * per event whether its inbox row was marked applied with it.
 */
export async function ingestMessages(deps: Deps, items: PlainMessage[]): Promise<{ recorded: boolean }[]> {
  const stored = await appendMessages(
    deps,
    items.map(({ ev, source }) => ({
      chat: source.chat,
      incoming: ev.message,
      opts: { acceptedAt: source.acceptedAt, inboxId: source.inboxId },
    })),
  );
  // Scoring and inactivity timers of different chats do not depend on each other: asked for at once.
  await Promise.all(
    stored.map(({ inserted }, i) =>
      inserted ? afterMessage(deps, items[i]!.source.chat, items[i]!.ev.message) : undefined,
    ),
  );
  return stored.map(({ inserted }) => ({ recorded: inserted }));
}

const sortedLower = (xs: string[]) =>
  xs
    .map((x) => x.toLowerCase())
    .sort()
    .join('\u0000');
/** Business units or permissions changed: what the agent may supervise may have changed. */
const accessChanged = (a: Agent, b: Agent) =>
  sortedLower(a.businessUnits) !== sortedLower(b.businessUnits) ||
  sortedLower(a.permissions) !== sortedLower(b.permissions);

/** Customer words move the sentiment (debounced); any customer or agent line resets the inactivity timer. */
async function afterMessage(deps: Deps, chat: Chat, m: IncomingMessage): Promise<void> {
  if (chat.status !== 'open' || m.kind !== 'message') return;
  if (m.role === 'customer') await deps.jobs.scoreChat(chat.id, 'messages');
  if (m.role === 'customer' || m.role === 'agent') {
    const last = m.at > chat.lastActivityAt ? m.at : chat.lastActivityAt;
    await deps.jobs.armInactivity(chat.id, new Date(last.getTime() + deps.settings.inactivityMs));
  }
}

/** The chat of a conversation; fetched from the platform when an event for an unseen chat arrives first. */
export async function chatFor(deps: Deps, conversationId: string, acceptedAt?: Date): Promise<Chat> {
  const known = await deps.store.chats.byConversationId(conversationId);
  if (known) return known;
  const { chat: snapshot, messages } = await deps.platform.getConversation(conversationId);
  const { chat } = await deps.store.chats.upsert(snapshot);
  await openWallThreads(deps, chat);
  // Through appendMessage, not a bare insert: another worker may have opened the chat's threads a moment ago (its
  // chat.started event), and lines inserted without outbox rows would never reach them.
  for (const m of messages) await appendMessage(deps, chat, m, { acceptedAt });
  return chat;
}

/** A whisper we sent from a thread is not echoed back into that thread. */
async function whisperSourceThread(deps: Deps, chatId: number, m: IncomingMessage): Promise<number | undefined> {
  const w =
    (await deps.store.whispers.byConvrsMid(m.mid)) ??
    (m.authorEmail ? await deps.store.whispers.pendingLike(chatId, m.authorEmail.toLowerCase(), m.text) : null);
  const source = w?.sourceKey.match(/^thread:(\d+):/);
  return source ? Number(source[1]) : undefined;
}
