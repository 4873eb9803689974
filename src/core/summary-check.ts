// Making a chat's summary: the summarizer drafts, then every citation is checked against the lines it was handed
// (a point resting on a line that is not one of them is dropped and counted), and too few survivors fall back to the
// extractive summarizer. A point's time is always the stored line's, never what a model claims.
import type { ChatSummary, SummaryPoint } from './model';
import type { CoreLogger } from './ports';
import type { Summarizer, SummaryDraft, SummaryInput, SummaryLine, SummaryMetrics } from './summary';

export const MIN_POINTS = 2;
export const MAX_POINTS = 5;
/** A point is a glance, not a transcript: longer model text is cut. */
export const POINT_TEXT_MAX = 300;

export interface CheckedDraft {
  points: SummaryPoint[];
  /** Points whose cited line id is not one of the lines handed over (a model's invention). */
  dropped: number;
}

const cut = (s: string, max: number) => (s.length <= max ? s : `${s.slice(0, max - 1).trimEnd()}…`);

/**
 * Keeps the points of `draft` that cite one of `lines` (at most MAX_POINTS, in the draft's order), each with that
 * line's id and time. Blank points are ignored (neither kept nor counted as a bad citation).
 */
export function checkCitations(draft: SummaryDraft, lines: SummaryLine[]): CheckedDraft {
  const byId = new Map(lines.map((l) => [l.id, l]));
  const points: SummaryPoint[] = [];
  let dropped = 0;
  for (const p of draft.points) {
    const text = cut(p.text.replace(/\s+/g, ' ').trim(), POINT_TEXT_MAX);
    if (!text) continue;
    const line = byId.get(p.lineId);
    if (!line) {
      dropped += 1;
      continue;
    }
    if (points.length < MAX_POINTS) points.push({ text, messageId: line.id, at: line.at });
  }
  return { points, dropped };
}

/** Only what customers and agents said is summarised: whispers, bot lines and system notes never are. */
export const spokenLines = (lines: SummaryLine[]): SummaryLine[] =>
  lines.filter((l) => (l.role === 'customer' || l.role === 'agent') && l.text.trim() !== '');

export interface MakeSummaryOptions {
  summarizer: Summarizer;
  metrics?: SummaryMetrics;
  log?: CoreLogger;
  /** When the preferred summarizer has not answered by then, the extractive one answers instead (alerts must not wait on a model). */
  deadlineMs?: number;
}

type Attempt = { draft: SummaryDraft } | { failed: string };

async function attempt(
  s: Summarizer,
  input: SummaryInput,
  deadlineMs: number | undefined,
  log: CoreLogger | undefined,
): Promise<Attempt> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const draft = s.summarize(input).then((d): Attempt => ({ draft: d }));
    if (!deadlineMs) return await draft;
    const late = new Promise<Attempt>((resolve) => {
      timer = setTimeout(() => resolve({ failed: 'deadline' }), deadlineMs);
      timer.unref?.();
    });
    return await Promise.race([draft, late]);
  } catch (e) {
    // A summarizer should answer with its fallback; one that throws is a bug, never a reason to fail the caller.
    log?.warn({ chat: input.chatRef, summarizer: s.name, err: (e as Error).message }, 'summarizer failed');
    return { failed: 'unexpected error' };
  } finally {
    if (timer) clearTimeout(timer);
  }
}

/**
 * The checked summary of `input.lines` (customer and agent lines only), or null when there is too little to say two
 * things about (fewer than MIN_POINTS points survive, even from the extractive summarizer).
 */
export async function makeSummary(o: MakeSummaryOptions, input: SummaryInput): Promise<ChatSummary | null> {
  const lines = spokenLines(input.lines);
  if (lines.length < MIN_POINTS) return null;
  const request = { chatRef: input.chatRef, lines };
  const offline = o.summarizer.fallback;
  let reason: string | undefined;
  for (const s of offline ? [o.summarizer, offline] : [o.summarizer]) {
    const a = await attempt(s, request, s === o.summarizer ? o.deadlineMs : undefined, o.log);
    if ('failed' in a) {
      reason = a.failed;
      continue;
    }
    const { points, dropped } = checkCitations(a.draft, lines);
    o.metrics?.checked({
      source: a.draft.source,
      kept: points.length >= MIN_POINTS ? points.length : 0,
      dropped,
      fallbackReason: a.draft.fallbackReason ?? reason,
    });
    if (dropped)
      o.log?.warn(
        { chat: input.chatRef, source: a.draft.source, dropped, kept: points.length },
        'summary points citing lines that do not exist were dropped',
      );
    const fallbackReason = a.draft.fallbackReason ?? reason;
    if (points.length >= MIN_POINTS)
      return { points, source: a.draft.source, ...(fallbackReason ? { fallbackReason } : {}) };
    // The model's own fallback already was the extractive one: asking it again would say the same.
    if (offline && a.draft.source === offline.name) return null;
    reason = 'too few valid citations';
  }
  return null;
}
