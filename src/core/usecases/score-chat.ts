// Scoring (SPEC §3.6): sentiment after new customer messages (debounced by the queue), predicted CSAT on finish
// and on `score <chat>`; the source of each score is stored; a downward crossing of the threshold alerts.
import { requirePermission, requireSupervisor } from '../access';
import type { Deps } from '../deps';
import type { Chat } from '../model';
import type { ChatPatch, Requester } from '../ports';
import type { ScoreResult, TranscriptLine } from '../scoring';
import type { ReplyView } from '../views';
import { raiseAlert } from './alerts';
import { findChat } from './find-chat';
import { requestCardRefresh } from './refresh-cards';

/** Lines of transcript handed to a scorer (the OpenAI scorer windows them further). */
const TRANSCRIPT_LINES = 80;

export type ScoreReason = 'messages' | 'finish' | 'command';

export async function scoreChat(deps: Deps, chatId: number, reason: ScoreReason): Promise<{ chat: Chat; result: ScoreResult } | null> {
  const chat = await deps.store.chats.get(chatId);
  if (!chat) return null;
  const lines: TranscriptLine[] = (await deps.store.messages.recent(chat.id, TRANSCRIPT_LINES))
    .filter((m) => m.kind === 'message' && (m.role === 'customer' || m.role === 'agent'))
    .map((m) => ({ role: m.role, text: m.text, at: m.at }));
  if (!lines.some((l) => l.role === 'customer')) return null;
  const result = await deps.scorer.score({ chatRef: chat.ref, lines, thumbs: chat.thumbs, finished: chat.status === 'closed' });
  const s = result.sentiment;
  const at = deps.clock.now();
  const patch: ChatPatch = { sentimentScore: s.score, sentimentLabel: s.label, sentimentSource: s.source, sentimentAt: at };
  if (reason !== 'messages') Object.assign(patch, { csat: result.csat.score, csatReason: result.csat.reason, csatSource: result.csat.source, csatAt: at });
  const updated = await deps.store.chats.update(chat.id, patch);
  deps.log.info({ chat: chat.ref, reason, source: s.source, usage: result.usage, fallback: result.fallbackReason }, 'chat scored');
  await requestCardRefresh(deps, chat.id, 'routine');
  const th = deps.settings.negativeThreshold;
  const before = chat.sentimentScore;
  if (chat.status === 'open' && s.score < th && (before === null || before >= th)) {
    const tipped = s.tippingLine ? ` “${s.tippingLine.length > 200 ? `${s.tippingLine.slice(0, 199)}…` : s.tippingLine}”` : '';
    await raiseAlert(deps, updated, 'negative', `Sentiment fell to ${s.score.toFixed(2)} (${s.label}, ${s.source}).${tipped}`, s.score);
  }
  return { chat: updated, result };
}

/** `score <chat>`: scores now and answers with the figures and their source. */
export async function scoreCommand(deps: Deps, who: Requester, ref: string): Promise<ReplyView> {
  const chat = await findChat(deps, ref);
  const me = await requireSupervisor(deps, who);
  requirePermission(me, 'Supervise', chat.businessUnit);
  const r = await scoreChat(deps, chat.id, 'command');
  if (!r) return { type: 'notice', tone: 'info', text: `${chat.ref} has no customer messages to score yet.` };
  const { sentiment: s, csat } = r.result;
  const fallback = r.result.fallbackReason ? ` (the model was unavailable: ${r.result.fallbackReason}; scored offline)` : '';
  return {
    type: 'notice',
    tone: 'success',
    text: `${chat.ref}: sentiment ${s.score.toFixed(2)} (${s.label}), predicted CSAT ${csat.score.toFixed(1)}/5 — ${csat.reason} [${csat.source}]${fallback}`,
  };
}
