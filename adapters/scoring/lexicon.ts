// The offline Scorer: customer mood from a support-tuned lexicon, CSAT from mood, trajectory, resolution, waits and thumbs.
import type { SentimentLabel } from '../../src/core/model';
import type {
  CsatResult,
  ScoreResult,
  Scorer,
  ScoringInput,
  SentimentResult,
  TranscriptLine,
} from '../../src/core/scoring';
import { messageSentiment } from './message-sentiment';

/** Mood at or above +0.3 is positive, at or below -0.3 negative, neutral between: one mild word ("refund", "again") does not make a message negative, and -0.3 is the default alert threshold (NEGATIVE_SENTIMENT_THRESHOLD). */
export const LABEL_THRESHOLD = 0.3;
/** Each older customer message weighs this much of the one after it: the latest mood matters most. */
const RECENCY_DECAY = 0.75;
/** Factual messages (order numbers, addresses) say little about mood. */
const FACTUAL_WEIGHT = 0.5;
/** CSAT points per unit of mood: averaged mood rarely passes ±0.8, which this maps to the ends of the 1–5 scale. */
const MOOD_WEIGHT = 2.5;
const SLOW_REPLY_MS = 5 * 60_000;
const VERY_SLOW_REPLY_MS = 15 * 60_000;

const RESOLVED_BY_CUSTOMER =
  /\b(it|that|this) work(s|ed)\b|\bwork(s|ing)? (now|again)\b|\b(solved|resolved|sorted|fixed)\b|\bthank(s| you)\b|\bthx\b|\bappreciate/i;
const AGENT_CLOSING =
  /\banything else\b|\bhave a (nice|great|good|lovely) (day|evening|weekend)\b|\b(glad|happy) to help\b|\bglad (i|we) could help\b|\benjoy\b/i;

interface ScoredLine {
  line: TranscriptLine;
  score: number;
}
interface Signal {
  effect: number;
  text: string;
}

const round = (n: number, places: number) => Math.round(n * 10 ** places) / 10 ** places;
const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, n));
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const minutes = (ms: number) => `${Math.round(ms / 60_000)} min`;

export const labelOf = (score: number): SentimentLabel =>
  score >= LABEL_THRESHOLD ? 'positive' : score <= -LABEL_THRESHOLD ? 'negative' : 'neutral';

function recencyWeightedMood(scored: ScoredLine[]): number {
  let total = 0;
  let weights = 0;
  scored.forEach(({ score }, i) => {
    const w = RECENCY_DECAY ** (scored.length - 1 - i) * (Math.abs(score) < 0.05 ? FACTUAL_WEIGHT : 1);
    total += w * score;
    weights += w;
  });
  return weights ? total / weights : 0;
}

function sentimentOf(scored: ScoredLine[]): SentimentResult {
  if (!scored.length) return { score: 0, label: 'neutral', source: 'lexicon', reason: 'No customer messages yet.' };
  const score = round(recencyWeightedMood(scored), 2);
  const lowest = scored.reduce((a, b) => (b.score < a.score ? b : a));
  const latest = scored[scored.length - 1].score;
  return {
    score,
    label: labelOf(score),
    source: 'lexicon',
    reason: `Recency-weighted mood of ${scored.length} customer message(s); latest ${round(latest, 2)}, lowest ${round(lowest.score, 2)}.`,
    ...(lowest.score < 0 ? { tippingLine: lowest.line.text } : {}),
  };
}

/** The longest a customer waited for an agent: from their first unanswered message to the next agent line (or the end of the transcript). */
function longestWaitMs(lines: TranscriptLine[]): number {
  let waitingSince: Date | null = null;
  let longest = 0;
  for (const l of lines) {
    if (l.role === 'customer' && !waitingSince) waitingSince = l.at;
    if (l.role === 'agent' && waitingSince) {
      longest = Math.max(longest, l.at.getTime() - waitingSince.getTime());
      waitingSince = null;
    }
  }
  const end = lines[lines.length - 1]?.at;
  return waitingSince && end ? Math.max(longest, end.getTime() - waitingSince.getTime()) : longest;
}

function csatSignals(input: ScoringInput, scored: ScoredLine[], mood: number): Signal[] {
  const signals: Signal[] = [
    { effect: MOOD_WEIGHT * mood, text: `customer mood ${labelOf(mood)} (${round(mood, 2)})` },
  ];
  if (scored.length >= 3) {
    const change = mean(scored.slice(-2).map((s) => s.score)) - mean(scored.slice(0, 2).map((s) => s.score));
    if (Math.abs(change) >= 0.2)
      signals.push({ effect: 0.5 * change, text: change > 0 ? 'mood improved' : 'mood worsened' });
  }
  if (scored.slice(-2).some((s) => s.score > 0 && RESOLVED_BY_CUSTOMER.test(s.line.text))) {
    signals.push({ effect: 0.6, text: 'customer confirmed a resolution' });
  }
  const lastAgent = [...input.lines].reverse().find((l) => l.role === 'agent');
  if (lastAgent && AGENT_CLOSING.test(lastAgent.text)) signals.push({ effect: 0.3, text: 'agent closed politely' });
  const wait = longestWaitMs(input.lines);
  if (wait > VERY_SLOW_REPLY_MS) signals.push({ effect: -1, text: `${minutes(wait)} wait for an agent` });
  else if (wait > SLOW_REPLY_MS) signals.push({ effect: -0.5, text: `${minutes(wait)} wait for an agent` });
  return signals;
}

function csatOf(input: ScoringInput, scored: ScoredLine[], mood: number): CsatResult {
  if (!scored.length && !input.thumbs)
    return { score: 3, reason: 'No customer messages to judge yet.', source: 'lexicon' };
  const signals = scored.length ? csatSignals(input, scored, mood) : [];
  const estimate = 3 + signals.reduce((sum, s) => sum + s.effect, 0);
  const bounded =
    input.thumbs === 'up' ? Math.max(estimate, 4) : input.thumbs === 'down' ? Math.min(estimate, 2) : estimate;
  const drivers = signals
    .filter((s) => Math.abs(s.effect) >= 0.1)
    .sort((a, b) => Math.abs(b.effect) - Math.abs(a.effect))
    .slice(0, 3)
    .map((s) => s.text);
  if (input.thumbs) drivers.unshift(`thumbs ${input.thumbs}`);
  const reason = drivers.length ? drivers.join('; ') : 'no strong signal either way';
  return {
    score: round(clamp(bounded, 1, 5), 1),
    reason: reason[0].toUpperCase() + reason.slice(1) + '.',
    source: 'lexicon',
  };
}

/**
 * Each run re-reads the chat's recent transcript, so the same lines come back run after run (a busy chat is
 * scored every debounce window): remember the score of a line's text. Bounded; emptied when full.
 */
const lineScores = new Map<string, number>();
const LINE_SCORES_MAX = 20_000;

function lineSentiment(text: string): number {
  let score = lineScores.get(text);
  if (score === undefined) {
    score = messageSentiment(text);
    if (lineScores.size >= LINE_SCORES_MAX) lineScores.clear();
    lineScores.set(text, score);
  }
  return score;
}

export function scoreWithLexicon(input: ScoringInput): ScoreResult {
  const scored = input.lines
    .filter((l) => l.role === 'customer')
    .map((line) => ({ line, score: lineSentiment(line.text) }));
  const sentiment = sentimentOf(scored);
  return { sentiment, csat: csatOf(input, scored, recencyWeightedMood(scored)) };
}

export function lexiconScorer(): Scorer {
  return { name: 'lexicon', score: async (input) => scoreWithLexicon(input) };
}
