// What needs a supervisor now: the open chats nobody mirrors (coverage), "My Supervised Chats", the watched units.
import { calibratedCsat } from '../calibration-source';
import { can, requireSupervisor } from '../access';
import type { Deps } from '../deps';
import { isAppError } from '../errors';
import type { Supervisor } from '../model';
import type { Requester } from '../ports';
import { chatCard } from '../present';
import type { ChatCardView, HomeView, ReplyView } from '../views';
import { coverageOf } from './coverage';

/** Uncovered chats a home screen lists (riskiest first); the rest are counted, and `coverage` lists them all. */
export const HOME_COVERAGE_ROWS = 5;

export const COVERAGE_NOTE =
  'Open chats nobody supervises show here for supervisors with the Convrs permission "Supervise Open Chats".';

/** `home` as a command: the same view the Slack App Home and the Teams welcome card show. */
export async function homeCommand(deps: Deps, who: Requester): Promise<ReplyView> {
  return { type: 'home', home: await homeOf(deps, who) };
}

export async function homeOf(deps: Deps, who: Requester): Promise<HomeView> {
  let me: Supervisor | null = null;
  let unmapped: string | undefined;
  try {
    me = await requireSupervisor(deps, who);
  } catch (e) {
    if (!isAppError(e) || e.code !== 'unmapped_user') throw e;
    unmapped = e.userMessage;
  }
  const supervised: ChatCardView[] = [];
  for (const t of await deps.store.threads.personalOf(who.surface, who.userId)) {
    if (!t.active) continue;
    const chat = await deps.store.chats.get(t.chatId);
    if (!chat) continue;
    const agent = chat.agentEmail ? await deps.store.agents.byEmail(chat.agentEmail) : null;
    supervised.push(chatCard(chat, agent, ['unsupervise'], undefined, await calibratedCsat(deps, chat)));
  }
  const watches = await deps.store.watches.list(who.surface);
  // Checked now, like every command: whoever may no longer see open chats gets the note, not last hour's list.
  const mayCover = me !== null && can(me, 'Supervise Open Chats');
  return {
    coverage: mayCover ? await coverageOf(deps, me!, undefined, HOME_COVERAGE_ROWS) : null,
    ...(me && !mayCover ? { coverageNote: COVERAGE_NOTE } : {}),
    supervised,
    watches,
    unmapped,
  };
}
