// Inactivity (SPEC §3.7): no customer or agent message for INACTIVITY_MINUTES while open → badge and alert.
import type { Deps } from '../deps';
import { raiseAlert } from './alerts';
import { requestCardRefresh } from './refresh-cards';

/** Checks one chat's timer. Returns when to check again if the chat had activity since the timer was set. */
export async function checkInactivity(deps: Deps, chatId: number): Promise<{ again?: Date }> {
  const chat = await deps.store.chats.get(chatId);
  if (!chat || chat.status !== 'open') return {};
  const due = chat.lastActivityAt.getTime() + deps.settings.inactivityMs;
  if (deps.clock.now().getTime() < due) return { again: new Date(due) };
  if (chat.inactive) return {};
  const updated = await deps.store.chats.update(chat.id, { inactive: true });
  await requestCardRefresh(deps, chat.id, 'state');
  const minutes = Math.round(deps.settings.inactivityMs / 60_000);
  const since = chat.lastActivityAt.toISOString().slice(11, 16);
  await raiseAlert(
    deps,
    updated,
    'inactive',
    `No message for ${minutes} minute${minutes === 1 ? '' : 's'} (last at ${since} UTC).`,
    null,
  );
  return {};
}

/** At start: every open chat gets its timer (timers live in Redis; this also covers a Redis that lost them). */
export async function armAllInactivityTimers(deps: Deps): Promise<number> {
  let n = 0;
  for (let page = 1; ; page++) {
    const { items } = await deps.store.chats.query({ status: 'open' }, { page, pageSize: 200 });
    for (const c of items) {
      if (c.inactive) continue;
      await deps.jobs.armInactivity(c.id, new Date(c.lastActivityAt.getTime() + deps.settings.inactivityMs));
      n++;
    }
    if (items.length < 200) return n;
  }
}
