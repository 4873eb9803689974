// Scoring (SPEC §3.6): sentiment after new customer messages (debounced by the queue), predicted CSAT on finish,
// on feedback and on `score <chat>`; the source of each score is stored; a downward crossing of the threshold alerts.
import { requirePermission, requireSupervisor } from '../access';
import { calibratedCsat, calibratedText } from '../calibration-source';
import type { Deps } from '../deps';
import type { Chat, Thumbs } from '../model';
import type { ChatPatch, Requester } from '../ports';
import type { CsatResult, ScoreResult, TranscriptLine } from '../scoring';
import type { ReplyView } from '../views';
import { raiseAlert } from './alerts';
import { findChat } from './find-chat';
import { requestCardRefresh } from './refresh-cards';

/** Lines of transcript handed to a scorer (the OpenAI scorer windows them further). */
const TRANSCRIPT_LINES = 80;
/** The customer's own verdict bounds the prediction, whoever predicted it: thumbs down ⇒ at most 2, up ⇒ at least 4. */
const THUMBS_DOWN_MAX = 2;
const THUMBS_UP_MIN = 4;

export type ScoreReason = 'messages' | 'finish' | 'feedback' | 'command';

/** A predicted CSAT held to the customer's thumbs; the reason says when they moved it. */
export function boundByThumbs(csat: CsatResult, thumbs: Thumbs | null): CsatResult {
  if (thumbs === 'down' && csat.score > THUMBS_DOWN_MAX) {
    return {
      ...csat,
      score: THUMBS_DOWN_MAX,
      reason: `${csat.reason} Capped at ${THUMBS_DOWN_MAX} by the customer's thumbs down.`,
    };
  }
  if (thumbs === 'up' && csat.score < THUMBS_UP_MIN) {
    return {
      ...csat,
      score: THUMBS_UP_MIN,
      reason: `${csat.reason} Raised to ${THUMBS_UP_MIN} by the customer's thumbs up.`,
    };
  }
  return csat;
}

/**
 * Scores the chat and stores the result (CSAT too, except after new messages). A downward crossing of the
 * threshold alerts and shows on the card at once; other score changes take the routine card pace.
 */
export async function scoreChat(
  deps: Deps,
  chatId: number,
  reason: ScoreReason,
): Promise<{ chat: Chat; result: ScoreResult } | null> {
  const chat = await deps.store.chats.get(chatId);
  if (!chat) return null;
  // Our finish and Convrs's finish event both ask: the CSAT made after the finish is the one (a first ask that found
  // no customer line yet, because the chat's lines were still arriving, leaves the second one to do it).
  if (reason === 'finish' && chat.csatAt && chat.closedAt && chat.csatAt >= chat.closedAt) return null;
  const lines: TranscriptLine[] = (await deps.store.messages.recent(chat.id, TRANSCRIPT_LINES))
    .filter((m) => m.kind === 'message' && (m.role === 'customer' || m.role === 'agent'))
    .map((m) => ({ role: m.role, text: m.text, at: m.at }));
  if (!lines.some((l) => l.role === 'customer')) return null;
  const scored = await deps.scorer.score({
    chatRef: chat.ref,
    lines,
    thumbs: chat.thumbs,
    finished: chat.status === 'closed',
  });
  const result: ScoreResult = { ...scored, csat: boundByThumbs(scored.csat, chat.thumbs) };
  // Rated before any CSAT was predicted (Convrs often sends the thumbs with the finish): the same transcript scored
  // without them is the blind prediction calibration needs. Once per chat.
  const blind =
    reason !== 'messages' && chat.thumbs !== null && chat.csatBlind == null
      ? (await deps.scorer.score({ chatRef: chat.ref, lines, thumbs: null, finished: chat.status === 'closed' })).csat
          .score
      : null;
  const s = result.sentiment;
  const at = deps.clock.now();
  const patch: ChatPatch = {
    sentimentScore: s.score,
    sentimentLabel: s.label,
    sentimentSource: s.source,
    sentimentAt: at,
  };
  if (reason !== 'messages') {
    // The stored reason says when the preferred scorer could not answer (e.g. rate_limited), not only the source.
    const fallback = result.fallbackReason
      ? ` Scored by the ${result.csat.source} (the model was unavailable: ${result.fallbackReason}).`
      : '';
    Object.assign(patch, {
      csat: result.csat.score,
      csatReason: `${result.csat.reason}${fallback}`,
      csatSource: result.csat.source,
      csatAt: at,
      // Scored without the thumbs: the prediction calibration may hold against them once they come.
      ...(chat.thumbs === null ? { csatBlind: result.csat.score } : blind !== null ? { csatBlind: blind } : {}),
    });
  }
  let updated = await deps.store.chats.update(chat.id, patch);
  // Thumbs that arrived while the scorer ran (their own run may already have written) still bound what we wrote.
  if (patch.csat !== undefined && updated.thumbs !== chat.thumbs) {
    const bounded = boundByThumbs(result.csat, updated.thumbs);
    updated = await deps.store.chats.update(chat.id, { csat: bounded.score, csatReason: bounded.reason });
  }
  deps.log.info(
    { chat: chat.ref, reason, source: s.source, usage: result.usage, fallback: result.fallbackReason },
    'chat scored',
  );
  const th = deps.settings.negativeThreshold;
  const before = chat.sentimentScore;
  const crossed = chat.status === 'open' && s.score < th && (before === null || before >= th);
  await requestCardRefresh(deps, chat.id, crossed ? 'state' : 'routine');
  if (crossed) {
    const tipped = s.tippingLine
      ? ` “${s.tippingLine.length > 200 ? `${s.tippingLine.slice(0, 199)}…` : s.tippingLine}”`
      : '';
    await raiseAlert(
      deps,
      updated,
      'negative',
      `Sentiment fell to ${s.score.toFixed(2)} (${s.label}, ${s.source}).${tipped}`,
      s.score,
    );
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
  const fallback = r.result.fallbackReason
    ? ` (the model was unavailable: ${r.result.fallbackReason}; scored offline)`
    : '';
  const calibrated = await calibratedCsat(deps, r.chat);
  return {
    type: 'notice',
    tone: 'success',
    text: `${chat.ref}: sentiment ${s.score.toFixed(2)} (${s.label}), predicted CSAT ${csat.score.toFixed(1)}/5 — ${csat.reason} [${csat.source}]${fallback}${calibrated ? ` · ${calibratedText(calibrated)}` : ''}`,
  };
}
