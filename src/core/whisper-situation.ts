// What a coaching whisper should answer on one chat, from its stored state and lines (pure: no store, no clock): a
// promise the agent did not keep, a customer left waiting, a question asked twice, a negative customer, else nothing
// special. Also the template whisper a supervisor would send for each, addressed to the agent.
import type { SentimentLabel } from './model';
import type { SummaryLine } from './summary';

export type SituationKind = 'promise not kept' | 'long wait' | 'repeated question' | 'negative customer' | 'general';

export interface Situation {
  kind: SituationKind;
  /** One line saying what was seen, without quoting the chat ("Ann promised to get back within 5 minutes at 14:02; no agent line for 12 min."). */
  evidence: string;
  /** What the customer is about, as a topic word from a fixed list ("the refund"), never their own words; null when unknown. */
  concern: string | null;
  /** The other situations seen too, in priority order. */
  also: SituationKind[];
}

export interface SituationInput {
  agentName: string | null;
  sentimentLabel: SentimentLabel | null;
  sentimentScore: number | null;
  /** Customer and agent lines, oldest first (others are ignored). */
  lines: SummaryLine[];
  now: Date;
  /** A customer line unanswered this long is a long wait (the inactivity setting). */
  longWaitMs: number;
}

/** An agent's "I'll check / get back to you" without a time is due after this long. */
export const DEFAULT_PROMISE_MS = 5 * 60_000;
/** Only this many of the newest customer lines are compared for a repeated question. */
const REPEAT_WINDOW = 8;

const minutes = (ms: number) => Math.max(1, Math.round(ms / 60_000));
const hhmm = (d: Date) => d.toISOString().slice(11, 16);

/** Cues that an agent promised to come back; strongest forms of summary-extractive's "promised" commitments. */
const PROMISE =
  /\b(i('ll| will)|let me|we('ll| will))\b[^.?!]{0,40}\b(check|look( into| at)?|find out|get back|come back|update you|confirm|be (right )?back|ask|verify|see what)\b/i;
const BACK_SOON = /\b(one|a|just a) (moment|minute|sec(ond)?)\b|\bbe right back\b|\bbrb\b/i;
const IN_MINUTES =
  /\b(?:in|within|give me|about|around)\s+(?:the\s+next\s+)?(\d{1,3}|a few|few|an?|one|two|three|five|ten|fifteen)\s*(?:-\s*\d+\s*)?(m\b|mins?|minutes?|h\b|hours?)/i;
const WORD_NUMBERS: Record<string, number> = {
  'a few': 3,
  few: 3,
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  five: 5,
  ten: 10,
  fifteen: 15,
};

/** When the promise in an agent line falls due, ms after the line; null when the line promises nothing to come back with. */
export function promiseDueMs(text: string): number | null {
  const inMinutes = IN_MINUTES.exec(text);
  if (inMinutes && (PROMISE.test(text) || /\b(back|update|answer|reply|check|look|find|confirm)\b/i.test(text))) {
    const n = WORD_NUMBERS[inMinutes[1].toLowerCase()] ?? Number(inMinutes[1]);
    return n * (/^h/i.test(inMinutes[2]) ? 60 : 1) * 60_000;
  }
  if (BACK_SOON.test(text) && /\b(check|look|back|find|confirm|moment|minute)\b/i.test(text)) return 2 * 60_000;
  if (PROMISE.test(text)) return DEFAULT_PROMISE_MS;
  return null;
}

/** Strongly negative words a customer uses when upset (the stored sentiment label is the main signal). */
const STRONGLY_NEGATIVE =
  /\b(ridiculous|unacceptable|terrible|awful|horrible|useless|worst|disgusting|furious|angry|outrageous|scam|pathetic|fed up|sick of|joke|incompetent|waste of time|never again|cancel (my|the) (account|subscription|order)|complain(t)?|lawyer|sue)\b|!{2,}|[😡🤬😠]/iu;

const isCapsRant = (t: string) => {
  const letters = t.replace(/[^A-Za-z]/g, '');
  return letters.length >= 12 && letters === letters.toUpperCase();
};

/** A strongly negative customer line: a strong word, a rant in capitals. */
export const stronglyNegative = (text: string): boolean => STRONGLY_NEGATIVE.test(text) || isCapsRant(text);

/** Topics a customer's concern is named by (a fixed list, so no customer words are ever copied). */
const TOPICS: [RegExp, string][] = [
  [/\brefund(s|ed)?\b|\bmoney back\b/i, 'the refund'],
  [/\b(parcel|package|delivery|deliver(ed)?|shipping|shipment|tracking|courier)\b/i, 'the delivery'],
  [/\b(invoice|bill(ed|ing)?|charged?|payment|paid|pay)\b/i, 'the payment'],
  [/\b(cancel(led|lation)?|unsubscribe)\b/i, 'the cancellation'],
  [/\b(password|log ?in|sign ?in|locked out|account)\b/i, 'the account access'],
  [/\b(replace(ment)?|exchange)\b/i, 'the replacement'],
  [/\b(return(s|ed)?)\b/i, 'the return'],
  [/\b(order(ed)?)\b/i, 'the order'],
  [/\b(broken|damaged|faulty|defect(ive)?|not working|doesn'?t work)\b/i, 'the faulty item'],
  [/\b(discount|coupon|voucher|promo)\b/i, 'the discount'],
];

/** The concern of the customer's lines, newest first: the topic named most recently. */
export function concernOf(customerTexts: string[]): string | null {
  for (const t of [...customerTexts].reverse()) for (const [re, topic] of TOPICS) if (re.test(t)) return topic;
  return null;
}

const STOP = new Set(
  'a an the i me my we our you your is are was were be been am do does did to of in on for at and or but it this that there what when where why how can could would will please any yet still so just with about have has had get got not no hi hello hey thanks thank ok'.split(
    ' ',
  ),
);
const wordsOf = (t: string) =>
  new Set(
    t
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s]/gu, ' ')
      .split(/\s+/)
      .filter((w) => w.length > 1 && !STOP.has(w))
      .map((w) => w.replace(/(ing|ed|es|s)$/, '')),
  );
const isQuestion = (t: string) =>
  /\?/.test(t) || /^(when|where|why|how|what|which|who|can|could|will|would|is|are|do|does|did|any)\b/i.test(t.trim());

/** How alike two lines are: shared content words over all (Jaccard). */
export function similarity(a: string, b: string): number {
  const x = wordsOf(a);
  const y = wordsOf(b);
  if (!x.size || !y.size) return 0;
  let shared = 0;
  for (const w of x) if (y.has(w)) shared += 1;
  return shared / (x.size + y.size - shared);
}

interface Found {
  kind: SituationKind;
  evidence: string;
}

const agentLabel = (name: string | null) => name ?? 'The agent';

function promiseNotKept(i: SituationInput, spoken: SummaryLine[]): Found | null {
  const lastAgentIdx = spoken.map((l) => l.role).lastIndexOf('agent');
  if (lastAgentIdx < 0) return null;
  const line = spoken[lastAgentIdx];
  const due = promiseDueMs(line.text);
  if (due === null) return null;
  const late = i.now.getTime() - line.at.getTime() - due;
  if (late <= 0) return null;
  const since = i.now.getTime() - line.at.getTime();
  return {
    kind: 'promise not kept',
    evidence: `${agentLabel(i.agentName)} promised at ${hhmm(line.at)} to come back within ${minutes(due)} min; no agent line for ${minutes(since)} min.`,
  };
}

function longWait(i: SituationInput, spoken: SummaryLine[]): Found | null {
  const last = spoken.at(-1);
  if (!last || last.role !== 'customer') return null;
  // The wait starts at the first of the customer's unanswered lines.
  let first = spoken.length - 1;
  while (first > 0 && spoken[first - 1].role === 'customer') first -= 1;
  const waited = i.now.getTime() - spoken[first].at.getTime();
  if (waited < i.longWaitMs) return null;
  return {
    kind: 'long wait',
    evidence: `The customer has waited ${minutes(waited)} min for an answer (since ${hhmm(spoken[first].at)}).`,
  };
}

function repeatedQuestion(spoken: SummaryLine[]): Found | null {
  const questions = spoken.filter((l) => l.role === 'customer' && isQuestion(l.text)).slice(-REPEAT_WINDOW);
  for (let b = questions.length - 1; b > 0; b--)
    for (let a = b - 1; a >= 0; a--)
      if (similarity(questions[a].text, questions[b].text) >= 0.5)
        return {
          kind: 'repeated question',
          evidence: `The customer asked the same thing twice (${hhmm(questions[a].at)} and ${hhmm(questions[b].at)}).`,
        };
  return null;
}

function negativeCustomer(i: SituationInput, spoken: SummaryLine[]): Found | null {
  if (i.sentimentLabel === 'negative')
    return {
      kind: 'negative customer',
      evidence: `The customer's sentiment is negative${i.sentimentScore !== null ? ` (${i.sentimentScore.toFixed(2)})` : ''}.`,
    };
  const recent = spoken.filter((l) => l.role === 'customer').slice(-3);
  const upset = recent.findLast((l) => stronglyNegative(l.text));
  return upset
    ? { kind: 'negative customer', evidence: `The customer's line at ${hhmm(upset.at)} is strongly negative.` }
    : null;
}

/** Every situation seen on the chat, most pressing first; `general` (nothing special) when none. */
export function detectSituation(i: SituationInput): Situation {
  const spoken = i.lines.filter((l) => (l.role === 'customer' || l.role === 'agent') && l.text.trim() !== '');
  const found = [
    promiseNotKept(i, spoken),
    repeatedQuestion(spoken),
    longWait(i, spoken),
    negativeCustomer(i, spoken),
  ].filter((f): f is Found => f !== null);
  const concern = concernOf(spoken.filter((l) => l.role === 'customer').map((l) => l.text));
  const [first, ...rest] = found;
  if (!first) return { kind: 'general', evidence: 'Nothing stands out in the chat.', concern, also: [] };
  return { ...first, concern, also: rest.map((f) => f.kind) };
}

/** The whisper a supervisor would send for a situation: short, concrete, addressed to the agent. */
export function templateWhisper(s: Situation, agentName: string | null): string {
  const hi = agentName ? `${agentName.split(/\s+/)[0]}, ` : '';
  const about = s.concern ? ` about ${s.concern}` : '';
  const upset = s.also.includes('negative customer');
  switch (s.kind) {
    case 'promise not kept':
      return `${hi}you told the customer you'd come back${about} and that time has passed. Send a quick update now, even if it's "still checking", and give a new time you can keep.`;
    case 'long wait':
      return `${hi}the customer has been waiting for a reply${about}. Answer now — a short holding line is fine — and tell them what happens next.${upset ? ' They are upset, so start by acknowledging the wait.' : ''}`;
    case 'repeated question':
      return `${hi}the customer has asked the same question twice${about}. Answer that question directly first, in one or two sentences, before anything else.`;
    case 'negative customer':
      return `${hi}the customer is upset${about}. Acknowledge how they feel, apologise once, and offer one concrete next step with a time.`;
    case 'general':
      return `${hi}you're doing fine. Check you've confirmed what the customer needs${about}, and end with a clear next step.`;
  }
}
