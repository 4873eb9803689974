// The Summarizer port: a chat's stored lines in, two to five points out, each citing the line it rests on by its id.
// The use case (usecases/summary.ts) checks every citation against the lines it handed over; a scorer-like adapter
// (a model with structured output, or an extractive one offline) implements it.
import type { SenderRole } from './model';

export interface SummaryLine {
  /** The stored message's id: what a point cites. */
  id: number;
  role: SenderRole;
  /** "Customer Jane Doe", "Agent Ann Lee". */
  author: string;
  text: string;
  at: Date;
}

export interface SummaryInput {
  chatRef: string;
  lines: SummaryLine[];
}

export interface SummaryDraft {
  /** As the summarizer wrote them; `lineId` is what it cites (not yet checked). */
  points: { text: string; lineId: number }[];
  /** The model's name, or 'extractive'. */
  source: string;
  /** Set when the preferred summarizer failed and another one answered (e.g. 'rate_limited', 'timeout'). */
  fallbackReason?: string;
  usage?: { inputTokens: number; outputTokens: number };
}

export interface Summarizer {
  readonly name: string;
  summarize(input: SummaryInput): Promise<SummaryDraft>;
  /**
   * The summarizer that answers when this one cannot (the extractive one behind a model): the use case turns to it
   * when too few of this one's citations survive the check. Absent on the extractive one itself.
   */
  readonly fallback?: Summarizer;
}

/** What the citation check counts, per summarizer source (the metrics adapter turns it into Prometheus counters). */
export interface SummaryMetrics {
  /** One checked draft: `kept` points shown, `dropped` points whose cited line is not one of the chat's lines. */
  checked(e: { source: string; kept: number; dropped: number; fallbackReason?: string }): void;
}
