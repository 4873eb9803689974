// Sentiment of one short customer message in [-1, 1]: wink-sentiment's AFINN and emoji scores, retuned for support chats.

interface WinkToken {
  value: string;
  tag: string;
  score?: number;
  negation?: boolean;
}
// wink-sentiment ships no type declarations.
const wink: (text: string) => { tokenizedPhrase?: WinkToken[] } = require('wink-sentiment');

/** Support vocabulary on AFINN's -5..5 scale, replacing AFINN's own score. 0 mutes words that mean little here ("sorry my english", "fine." as a shrug). */
const SUPPORT_WORDS: Record<string, number> = {
  refund: -1,
  cancel: -1,
  cancellation: -1,
  cancelling: -1,
  again: -1,
  nobody: -2,
  useless: -3,
  ridiculous: -3,
  chargeback: -3,
  dispute: -2,
  complaint: -2,
  escalate: -2,
  manager: -1,
  worst: -4,
  unacceptable: -3,
  joke: -2,
  scam: -3,
  whatever: -2,
  seriously: -1,
  unbelievable: -2,
  disappointing: -2,
  dissapointed: -2,
  slow: -2,
  lose: -2,
  late: -1,
  crashing: -2,
  crashes: -2,
  crashed: -2,
  // A product that failed them: a complaint even when told calmly ("the jeans ripped after one wash").
  ripped: -2,
  torn: -2,
  broke: -2,
  broken: -2,
  faulty: -2,
  defective: -2,
  cracked: -2,
  shrank: -2,
  leaking: -2,
  thanks: 2,
  thank: 2,
  thx: 2,
  ty: 2,
  tysm: 3,
  cheers: 2,
  solved: 2,
  resolved: 2,
  sorted: 2,
  fixed: 2,
  great: 3,
  perfect: 3,
  appreciate: 3,
  appreciated: 3,
  yay: 3,
  finally: 1,
  relief: 2,
  no: 0,
  sorry: 0,
  charged: 0,
  fine: 0,
  gift: 0,
  gifts: 0,
};
/**
 * Words that name what a customer asks about, not how they feel: in a sentence that asks ("how do I cancel?", "is there
 * a fee to return a broken item?", "I'd like to report a lost card") they count only if the message shows a feeling.
 */
const TOPIC_WORDS = new Set([
  'refund',
  'refunds',
  'refunded',
  'cancel',
  'cancellation',
  'cancelling',
  'canceling',
  'cancelled',
  'canceled',
  'return',
  'returns',
  'problem',
  'problems',
  'issue',
  'issues',
  'broke',
  'broken',
  'damaged',
  'lost',
  'missing',
  'mistake',
  'wrong',
  'manager',
  'late',
  'fee',
  'fees',
  'charge',
]);
/** A sentence asks when it ends in "?" or reads as a question or polite request (matched on its lower-case, apostrophe-less words). */
const ASKING =
  /^((hi|hello|hey) )?(please|can|could|would|will|may|do|does|is|are|how|what|where|when|which|who)\b|\bplease\b|\bi (d|would) (like|love)\b|\bi (want|need|wish) to\b|\bis it possible\b/;
/** Marks of feeling that keep a question's topic words: "why" (asking for a justification is a complaint here), "!!", "??". */
const FEELING_MARKS = /\b(why|how come)\b|[!?]{2}/i;
/** Requests, not feelings ("I need help", "I would like"), unless negated ("doesn't help", "didn't work"). */
const COUNT_ONLY_NEGATED = new Set(['help', 'please', 'like', 'work', 'works', 'working']);

/** Phrases a word-by-word lexicon misses; added to the message's raw score. */
const SUPPORT_PHRASES: Array<[RegExp, number]> = [
  [/\bstill (waiting|not|no|nothing|same|the same|broken|crashing|doesnt|didnt|hasnt|havent|isnt)\b/, -2],
  [/\b(it|that|this) work(s|ed)\b|\bwork(s|ing)? (now|again|fine|perfectly|like a charm)\b/, 2],
  [/\b(stopped|quit) working\b/, -2],
  [
    /\b(never|not yet|havent|hasnt|didnt) (arrived|came|received|got|showed up|heard back|answered|replied|called)\b/,
    -2,
  ],
  [/\b(no one|for nothing|talking to a wall|yeah right|money back|waste of (my )?time|hung up)\b/, -3],
  [/\b(third|3rd|fourth|4th|fifth|5th|\d+th) (time|chat)\b|\b(\d+|two|three|four|five|several|so many) times\b/, -2],
  [/\byou (guys )?(lost|broke|damaged|forgot|ignored)\b/, -2],
  [
    /\bwhy (do|should|must) i (have|need) to\b|\bkeeps? happening\b|\bhow is (this|that|it) (acceptable|ok|okay|normal|fair)\b/,
    -3,
  ],
  [
    /\bnot ok(ay)?\b|\bnot what i (asked|ordered|wanted|paid for)\b|\bnot as described\b|\bon hold\b|\b(charged|billed) twice\b/,
    -2,
  ],
  [/\b(all good|all sorted|all set|saved my day|made my day)\b/, 2],
  // Negated praise that means more praise; the word-level negation made them negative.
  [/\b(cant|cannot|couldnt) thank you enough\b|\bcouldnt be happier\b/, 4],
  [/\bthanks for nothing\b/, -4],
];
/** Formulaic politeness, not gratitude: cancels the word score of "thanks" (and, unlike the phrases above, is no feeling). */
const POLITENESS = /\bthanks? (you )?(in advance|anyway)\b/;

const GREETINGS = /\bgood (morning|afternoon|evening)\b/gi;
const EXTRA_NEGATORS = new Set([
  'didnt',
  'doesnt',
  'wasnt',
  'werent',
  'havent',
  'hasnt',
  'couldnt',
  'without',
  'nothing',
]);
const NEGATION_FACTOR = -0.75;
const CAPS_FACTOR = 1.5;
/** Shouting reads as anger in a support chat even without angry words. */
const SHOUTING = -1.5;
/** "??" with nothing else to go on reads as impatience. */
const IMPATIENCE = -1.5;
/** VADER's normalisation constant: raw 2 ("thanks") ≈ 0.46, raw 4 ≈ 0.72. */
const ALPHA = 15;

const isCapsWord = (w: string) => w.length >= 3 && /^[A-Z]+$/.test(w);
const bare = (w: string) => w.toLowerCase().replace(/['’]/g, '');

/** wink's negators miss apostrophe-less forms ("didnt"); like wink, look two words back, but not across punctuation. */
function negatedByExtra(tokens: WinkToken[], i: number): boolean {
  const [p1, p2] = [tokens[i - 1], tokens[i - 2]];
  if (p1?.tag !== 'word') return false;
  return EXTRA_NEGATORS.has(bare(p1.value)) || (p2?.tag === 'word' && EXTRA_NEGATORS.has(bare(p2.value)));
}

/** For each token, whether its sentence (split at . ! ?) asks: see ASKING. */
function inAskingSentence(tokens: WinkToken[]): boolean[] {
  const asking: boolean[] = [];
  let start = 0;
  const endSentence = (end: number) => {
    const sentence = tokens.slice(start, end);
    const words = sentence
      .filter((t) => t.tag === 'word')
      .map((t) => bare(t.value))
      .join(' ');
    const asks = sentence.some((t) => t.value === '?') || ASKING.test(words);
    for (; start < end; start++) asking.push(asks);
  };
  tokens.forEach((t, i) => {
    if (/^[.!?]$/.test(t.value) && !/^[.!?]$/.test(tokens[i + 1]?.value ?? '')) endSentence(i + 1);
  });
  endSentence(tokens.length);
  return asking;
}

/**
 * `sum` leaves out the topic words of asking sentences, which `askedTopics` adds up; `feels` says whether some other
 * word or emoji scored -1 or less (a negated "fit" at -0.75 is no feeling), or a negative word was in CAPS.
 */
function wordScores(text: string): {
  sum: number;
  askedTopics: number;
  feels: boolean;
  capsWords: number;
  words: number;
} {
  const tokens = wink(text).tokenizedPhrase ?? [];
  const asking = inAskingSentence(tokens);
  let sum = 0;
  let askedTopics = 0;
  let feels = false;
  let capsWords = 0;
  let words = 0;
  tokens.forEach((t, i) => {
    if (t.tag === 'emoji' || t.tag === 'emoticon') {
      sum += t.score ?? 0;
      feels ||= (t.score ?? 0) <= -1;
    }
    if (t.tag !== 'word') return;
    words += 1;
    const word = bare(t.value);
    const afinn = t.negation && t.score ? -t.score : (t.score ?? 0);
    let s = SUPPORT_WORDS[word] ?? afinn;
    if (t.negation || negatedByExtra(tokens, i)) s *= NEGATION_FACTOR;
    else if (COUNT_ONLY_NEGATED.has(word)) s = 0;
    if (isCapsWord(t.value)) {
      capsWords += 1;
      s *= CAPS_FACTOR;
      feels ||= s < 0; // "can I get a REFUND?"
    }
    if (asking[i] && TOPIC_WORDS.has(word)) askedTopics += s;
    else {
      sum += s;
      feels ||= s <= -1;
    }
  });
  return { sum, askedTopics, feels, capsWords, words };
}

function rawScore(text: string): number {
  const normalized = text.replace(/['’]/g, '').toLowerCase().replace(GREETINGS, '');
  // "non-profit" is a word, not a negated "profit".
  const w = wordScores(text.replace(GREETINGS, '').replace(/\bnon-(?=\w)/gi, 'non'));
  const phrases = SUPPORT_PHRASES.filter(([re]) => re.test(normalized));
  // A plain question or request is neutral whatever it is about; with a feeling of its own, its topic words count.
  const feels = w.feels || phrases.some(([, s]) => s < 0) || FEELING_MARKS.test(text);
  let sum =
    w.sum +
    (feels ? w.askedTopics : 0) +
    phrases.reduce((acc, [, s]) => acc + s, 0) +
    (POLITENESS.test(normalized) ? -2 : 0);
  const { capsWords, words } = w;
  if (capsWords >= 3 && capsWords / words >= 0.6 && sum <= 0) sum += SHOUTING;
  if (sum === 0 && /\?[?!]/.test(text)) return IMPATIENCE;
  const emphasis = /[!?]{3,}/.test(text) ? 1.5 : /[!?]{2}/.test(text) ? 1.3 : 1;
  return sum * emphasis;
}

/** The message's sentiment in [-1, 1]. After a "but", the clause that follows counts three times as much. */
export function messageSentiment(text: string): number {
  const but = text.search(/\bbut\b(?!.*\bbut\b)/is);
  const raw = but > 0 ? 0.5 * rawScore(text.slice(0, but)) + 1.5 * rawScore(text.slice(but + 3)) : rawScore(text);
  return raw / Math.sqrt(raw * raw + ALPHA);
}
