// Who is on a chat: the supervisors of its personal threads, the walls mirroring it and its last whisper (the card's
// "who is on it"), so two supervisors do not coach one agent at once.
import type { Deps } from './deps';
import type { Chat, Thread } from './model';
import type { ChatPresenceView } from './views';

/**
 * Built from the chat's threads as the caller already read them (every card render reads them), so it costs at most
 * three reads however many threads there are: the last whisper, and when someone supervises, the owners' cached
 * emails and the agents of those emails. Ended threads count for nothing: their viewers no longer see the chat.
 */
export async function presenceOf(deps: Deps, chat: Chat, threads: Thread[]): Promise<ChatPresenceView> {
  const active = threads.filter((t) => t.active && t.chatId === chat.id);
  const [whispers, supervisors] = await Promise.all([
    deps.store.messages.lastWhispers([chat.id]),
    supervisorsOf(
      deps,
      active.filter((t) => t.kind === 'personal' && t.ownerUserId),
    ),
  ]);
  const last = whispers.get(chat.id);
  return {
    supervisors,
    // A wall shows a chat only while it watches the chat's unit (follow-access ends it when the chat moves, unwatch
    // closes it), so the unit it watches for this chat is the chat's own: no read of the watches needed.
    walls: active
      .filter((t) => t.kind === 'team')
      .map((t) => ({ surface: t.surface, destination: t.destination, unit: chat.businessUnit, name: null })),
    lastWhisper: last ? { by: last.authorName.trim() || last.authorEmail || 'a supervisor', at: last.at } : null,
  };
}

/**
 * The owners of personal threads by their agent name (the email cached when they last acted, as supervisorOfUser
 * reads it), else their email. One person supervising on two surfaces is named once.
 */
async function supervisorsOf(deps: Deps, personal: Thread[]): Promise<ChatPresenceView['supervisors']> {
  if (!personal.length) return [];
  const identities = await deps.store.identities.getMany(
    personal.map((t) => ({ surface: t.surface, userId: t.ownerUserId! })),
  );
  const emailOf = new Map(identities.map((i) => [`${i.surface}\u0000${i.userId}`, i.email?.toLowerCase() ?? null]));
  const emails = [...new Set([...emailOf.values()].filter((e): e is string => !!e))];
  const agents = emails.length ? await deps.store.agents.byEmails(emails) : new Map();
  const seen = new Set<string>();
  const out: ChatPresenceView['supervisors'] = [];
  for (const t of personal) {
    const email = emailOf.get(`${t.surface}\u0000${t.ownerUserId}`) ?? null;
    const key = email ?? `${t.surface}\u0000${t.ownerUserId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    // Supervising needs a matched email (requireSupervisor), so the last fallback is for identities purged since.
    out.push({ name: (email && agents.get(email)?.name) || email || 'a supervisor', surface: t.surface });
  }
  return out;
}
