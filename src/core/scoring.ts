// The Scorer port: a chat transcript in, a sentiment and a predicted CSAT out (OpenAI or lexicon behind it).
import type { SenderRole, SentimentLabel, Thumbs } from './model';

export interface TranscriptLine {
  role: SenderRole;
  text: string;
  at: Date;
}

export interface ScoringInput {
  chatRef: string;
  lines: TranscriptLine[];
  thumbs: Thumbs | null;
  finished: boolean;
}

export interface SentimentResult {
  /** The customer's mood in [-1, 1]. */
  score: number;
  label: SentimentLabel;
  /** The model name, or 'lexicon'. */
  source: string;
  reason: string;
  /** The customer line that most pulled the score down. */
  tippingLine?: string;
}

export interface CsatResult {
  /** Predicted satisfaction 1..5, one decimal. */
  score: number;
  reason: string;
  source: string;
}

export interface ScoreResult {
  sentiment: SentimentResult;
  csat: CsatResult;
  usage?: { inputTokens: number; outputTokens: number };
  /** Set when the preferred scorer failed and another one answered (e.g. 'rate_limited', 'timeout', 'http 500'). */
  fallbackReason?: string;
}

/**
 * Scores one chat. A model that is busy (429: not asked again until its Retry-After has passed), slow or failing
 * is answered by the fallback scorer at once, with `fallbackReason` saying why: a chat is always scored.
 */
export interface Scorer {
  readonly name: string;
  score(input: ScoringInput): Promise<ScoreResult>;
}
