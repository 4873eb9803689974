// summary <chat>: two to five points, each ending with the time (UTC) of the line it rests on and linked to that line
// where the requester's surface can link; also the summaries negative and inactive alerts carry (see alerts.ts).
import { requirePermission, requireSupervisor } from '../access';
import type { Deps } from '../deps';
import type { Chat, ChatSummary, SurfaceName, Thread } from '../model';
import type { Requester } from '../ports';
import type { SummaryLine } from '../summary';
import { makeSummary } from '../summary-check';
import type { ReplyView, SummaryView } from '../views';
import { targetOf } from './drain';
import { findChat } from './find-chat';

/** The newest lines a summary reads (a chat longer than this is summarised from its latest part). */
const SUMMARY_READ_LINES = 400;
/** An alert does not wait longer than this for a model: the extractive summary answers instead. */
export const ALERT_SUMMARY_DEADLINE_MS = 8_000;

const hhmm = (d: Date) => d.toISOString().slice(11, 16);

/** The chat's stored customer and agent lines as the summarizers take them (never whispers, bot lines or notes). */
export async function chatLines(deps: Deps, chat: Chat, limit = SUMMARY_READ_LINES): Promise<SummaryLine[]> {
  return (await deps.store.messages.recent(chat.id, limit))
    .filter((m) => m.kind === 'message' && (m.role === 'customer' || m.role === 'agent'))
    .map((m) => ({
      id: m.id,
      role: m.role,
      author: `${m.role === 'customer' ? 'Customer' : 'Agent'} ${m.authorName}`,
      text: m.text,
      at: m.at,
    }));
}

/** The chat's checked summary now, or null when it has too little to say two things about. Never throws for a summarizer's failure. */
export async function summarizeChat(
  deps: Deps,
  chat: Chat,
  o: { deadlineMs?: number } = {},
): Promise<ChatSummary | null> {
  const summary = await makeSummary(
    { summarizer: deps.summarizer, metrics: deps.summaryMetrics, log: deps.log, deadlineMs: o.deadlineMs },
    { chatRef: chat.ref, lines: await chatLines(deps, chat) },
  );
  deps.log.info(
    { chat: chat.ref, source: summary?.source, points: summary?.points.length ?? 0, fallback: summary?.fallbackReason },
    'chat summarised',
  );
  return summary;
}

/** A summary read back from storage: JSON has no dates, so each point's time comes back as a string. */
export function reviveSummary(s: ChatSummary | null | undefined): ChatSummary | null {
  if (!s || !Array.isArray(s.points)) return null;
  return { ...s, points: s.points.map((p) => ({ ...p, at: new Date(p.at) })) };
}

/**
 * The view of a summary on one surface: each point "text (HH:MM)" with a link to the post that carried its line in
 * the first of `threads` (best first) where the surface can link to it. A link that fails is simply left out.
 */
export async function summaryView(
  deps: Deps,
  chat: Chat,
  summary: ChatSummary,
  surfaceName: SurfaceName,
  threads: Thread[],
): Promise<SummaryView> {
  const surface = deps.surfaces.get(surfaceName);
  const linkTo = async (messageId: number): Promise<string | null> => {
    if (!surface?.linkToPost) return null;
    for (const t of threads) {
      try {
        const postId = await deps.store.outbox.postIdOf(t.id, messageId);
        const link = postId ? await surface.linkToPost(targetOf(t), postId) : null;
        if (link) return link;
      } catch (e) {
        deps.log.warn(
          { chat: chat.ref, surface: surfaceName, thread: t.id, err: (e as Error).message },
          'no link to a summary line',
        );
      }
    }
    return null;
  };
  const points = await Promise.all(
    summary.points.map(async (p) => ({ text: `${p.text} (${hhmm(p.at)})`, at: p.at, link: await linkTo(p.messageId) })),
  );
  const model = deps.summarizer.fallback ? deps.summarizer.name : null;
  const why =
    model && summary.fallbackReason && summary.source !== model
      ? ` ${model} was not used (${summary.fallbackReason}): these points are extractive.`
      : '';
  return { ref: chat.ref, points, source: summary.source, note: `Times are UTC.${why}` };
}

/**
 * Where the requester sees the chat on their surface, best first: its thread in the place they asked from (a watched
 * channel, or their own DM), then their own personal threads (open ones first).
 */
async function requesterThreads(deps: Deps, chat: Chat, who: Requester): Promise<Thread[]> {
  const all = (await deps.store.threads.forChat(chat.id)).filter((t) => t.surface === who.surface && t.rootPostId);
  const here = all.filter(
    (t) => t.destination === who.destination && (t.kind === 'team' || t.ownerUserId === who.userId),
  );
  const mine = all
    .filter((t) => t.kind === 'personal' && t.ownerUserId === who.userId)
    .sort((a, b) => Number(b.active) - Number(a.active) || b.id - a.id);
  return [...new Set([...here, ...mine])];
}

/** The summary of an alert as shown in one destination: its points linked to the chat's thread there, if it has one. */
export async function alertSummaryView(
  deps: Deps,
  chat: Chat,
  summary: ChatSummary | null,
  surface: SurfaceName,
  destination: string,
): Promise<SummaryView | null> {
  const revived = reviveSummary(summary);
  if (!revived?.points.length) return null;
  const thread = await deps.store.threads.find(chat.id, surface, destination).catch(() => null);
  return summaryView(deps, chat, revived, surface, thread ? [thread] : []);
}

export async function summaryCommand(deps: Deps, who: Requester, ref: string): Promise<ReplyView> {
  const chat = await findChat(deps, ref);
  const me = await requireSupervisor(deps, who);
  requirePermission(me, 'Supervise', chat.businessUnit);
  const summary = await summarizeChat(deps, chat);
  if (!summary)
    return {
      type: 'notice',
      tone: 'info',
      text: `${chat.ref} has too little to summarise yet: it needs at least two messages from the customer or the agent that say something.`,
    };
  // A summary quotes the chat to whoever asked: recorded like the other ways of reading a chat out (exports).
  await deps.store.audit.record({ actor: me.email, action: 'summary', chatId: chat.id, detail: summary.source });
  return {
    type: 'summary',
    summary: await summaryView(deps, chat, summary, who.surface, await requesterThreads(deps, chat, who)),
  };
}
