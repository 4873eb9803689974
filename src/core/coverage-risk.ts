// How risky an open chat nobody mirrors is, and why, in phrases a supervisor reads at a glance (the order of `coverage`).
import type { Chat } from './model';
import type { CoverageRowView } from './views';

/** A predicted CSAT at or below this is a reason to look. */
export const LOW_CSAT = 2.5;

/**
 * Points per signal; a chat's risk is the sum of its signals, so "negative and quiet" outranks "negative" alone.
 * Negative sentiment weighs most (and up to NEGATIVE_DEPTH more the lower the score, so −0.9 comes before −0.35), then
 * inactivity, then waiting for an agent, then no first response yet, then a low predicted CSAT. Between equal risks the
 * chat that has waited longest comes first (see `waitingMs`), then the older ref.
 */
export const RISK_POINTS = { negative: 100, inactive: 50, queued: 40, unanswered: 30, lowCsat: 20 } as const;
const NEGATIVE_DEPTH = 20;

export interface RiskInput {
  chat: Chat;
  /** For a chat without an agent: since when it waits for one. */
  queuedSince: Date | null;
  /** The chat's first customer message and the first agent message after it (absent: no customer message yet). */
  firstResponse?: { customerAt: Date; agentAt: Date | null };
}

export interface Risk {
  points: number;
  reasons: string[];
  /** The longest of: since the last activity, since it was queued, since the unanswered first message. */
  waitingMs: number;
}

/** "<1 min", "7 min", "2 h 05 min", "3 d 4 h". */
export function minutesText(ms: number): string {
  const m = Math.floor(Math.max(0, ms) / 60_000);
  if (m < 1) return '<1 min';
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h} h ${String(m % 60).padStart(2, '0')} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

/** −0.52 with a true minus sign, as the cards print scores. */
const signed = (n: number) => `${n < 0 ? '−' : '+'}${Math.abs(n).toFixed(2)}`;

export function assessRisk(input: RiskInput, now: Date, negativeThreshold: number): Risk {
  const { chat } = input;
  const since = (d: Date) => now.getTime() - d.getTime();
  const reasons: string[] = [];
  let points = 0;
  const idleMs = since(chat.lastActivityAt);
  let waitingMs = idleMs;
  const score = chat.sentimentScore;
  if (chat.sentimentLabel === 'negative' || (score !== null && score <= negativeThreshold)) {
    points += RISK_POINTS.negative + (score !== null ? Math.min(1, Math.abs(Math.min(0, score))) * NEGATIVE_DEPTH : 0);
    reasons.push(score !== null ? `negative ${signed(score)}` : 'negative');
  }
  if (chat.inactive) {
    points += RISK_POINTS.inactive;
    reasons.push(`inactive ${minutesText(idleMs)}`);
  }
  if (!chat.agentEmail) {
    const queuedMs = since(input.queuedSince ?? chat.startedAt);
    points += RISK_POINTS.queued;
    reasons.push(`waiting for an agent ${minutesText(queuedMs)}`);
    waitingMs = Math.max(waitingMs, queuedMs);
  } else if (input.firstResponse && !input.firstResponse.agentAt) {
    // Without an agent "waiting for an agent" already says it; with one, the customer's first line is still unanswered.
    const unansweredMs = since(input.firstResponse.customerAt);
    points += RISK_POINTS.unanswered;
    reasons.push(`no first response for ${minutesText(unansweredMs)}`);
    waitingMs = Math.max(waitingMs, unansweredMs);
  }
  if (chat.csat !== null && chat.csat <= LOW_CSAT) {
    points += RISK_POINTS.lowCsat;
    reasons.push(`predicted CSAT ${chat.csat.toFixed(1)}`);
  }
  if (!reasons.length) reasons.push(idleMs < 60_000 ? 'active just now' : `last active ${minutesText(idleMs)} ago`);
  return { points, reasons, waitingMs };
}

/** Riskiest first, each row with its reasons. */
export function rankUncovered(inputs: RiskInput[], now: Date, negativeThreshold: number): CoverageRowView[] {
  return inputs
    .map((input) => ({ input, risk: assessRisk(input, now, negativeThreshold) }))
    .sort(
      (a, b) =>
        b.risk.points - a.risk.points || b.risk.waitingMs - a.risk.waitingMs || a.input.chat.id - b.input.chat.id,
    )
    .map(({ input: { chat }, risk }) => ({
      ref: chat.ref,
      customerName: chat.customerName,
      businessUnit: chat.businessUnit,
      agentName: chat.agentName ?? (chat.agentEmail ? chat.agentEmail : null),
      lastActivityAt: chat.lastActivityAt,
      reasons: risk.reasons,
    }));
}
