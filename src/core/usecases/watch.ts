// Watch / unwatch a business unit in a channel: an "Open Chats wall" of every open and future chat.
import { knownAgents, requirePermission, requireSupervisor } from '../access';
import type { Deps } from '../deps';
import { AppError } from '../errors';
import type { Requester } from '../ports';
import { openWallThread } from '../threads';
import { presenceChanged } from './refresh-cards';
import type { ReplyView } from '../views';

export async function resolveBusinessUnit(deps: Deps, raw: string): Promise<string> {
  const norm = (s: string) => s.toLowerCase().replace(/[-_]+/g, ' ').replace(/\s+/g, ' ').trim();
  let names: string[] = [];
  try {
    names = await deps.platform.getBusinessUnits();
  } catch {
    names = [...new Set((await knownAgents(deps)).flatMap((a) => a.businessUnits))];
  }
  const hit = names.find((n) => norm(n) === norm(raw));
  if (!hit)
    throw new AppError(
      'bad_input',
      `There is no business unit called "${raw}". Known units: ${names.join(', ') || 'none'}.`,
      {},
    );
  return hit;
}

export async function watch(deps: Deps, who: Requester, rawBu: string): Promise<ReplyView> {
  const me = await requireSupervisor(deps, who);
  const bu = await resolveBusinessUnit(deps, rawBu);
  requirePermission(me, 'Supervise Open Chats', bu);
  const { created } = await deps.store.watches.add({
    surface: who.surface,
    destination: who.destination,
    businessUnit: bu,
    createdBy: me.email,
  });
  let opened = 0;
  for (let page = 1; ; page++) {
    const { items, total } = await deps.store.chats.query(
      { status: 'open', businessUnit: bu },
      { page, pageSize: 100 },
    );
    for (const chat of items) {
      const threads = (await deps.store.threads.forChat(chat.id)).filter((t) => t.active);
      const here = threads.some((t) => t.surface === who.surface && t.destination === who.destination);
      const r = await openWallThread(deps, chat, { surface: who.surface, destination: who.destination, unit: bu });
      if (r && (r.created || r.thread.active)) opened++;
      // A wall new to a chat mirrored elsewhere: those cards now name it.
      if (r && !here && threads.length) await presenceChanged(deps, chat.id);
    }
    if (page * 100 >= total) break;
  }
  await deps.store.audit.record({
    actor: me.email,
    action: 'watch',
    chatId: null,
    detail: `${bu} in ${who.surface}:${who.destination}`,
  });
  const lead = created ? `Watching ${bu} here.` : `This conversation already watches ${bu}.`;
  return {
    type: 'notice',
    tone: 'success',
    text: `${lead} ${opened} open chat${opened === 1 ? '' : 's'} mirrored; new chats of ${bu} will appear as they start.`,
  };
}

export async function unwatch(deps: Deps, who: Requester, rawBu: string): Promise<ReplyView> {
  const me = await requireSupervisor(deps, who);
  const bu = await resolveBusinessUnit(deps, rawBu);
  requirePermission(me, 'Supervise Open Chats', bu);
  const removed = await deps.store.watches.remove(who.surface, who.destination, bu);
  if (!removed) return { type: 'notice', tone: 'info', text: `This conversation does not watch ${bu}.` };
  let closed = 0;
  for (let page = 1; ; page++) {
    const { items, total } = await deps.store.chats.query({ businessUnit: bu }, { page, pageSize: 100 });
    for (const chat of items) {
      const t = await deps.store.threads.find(chat.id, who.surface, who.destination);
      if (t?.active && t.kind === 'team') {
        await deps.store.threads.close(t.id);
        closed++;
        // The chat's other cards no longer name this wall.
        await presenceChanged(deps, chat.id);
      }
    }
    if (page * 100 >= total) break;
  }
  await deps.store.audit.record({
    actor: me.email,
    action: 'unwatch',
    chatId: null,
    detail: `${bu} in ${who.surface}:${who.destination}`,
  });
  return {
    type: 'notice',
    tone: 'success',
    text: `Stopped watching ${bu} here (${closed} thread${closed === 1 ? '' : 's'} closed).`,
  };
}
