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
  refund: -1, cancel: -1, cancellation: -1, cancelling: -1, again: -1, nobody: -2, useless: -3, ridiculous: -3,
  chargeback: -3, dispute: -2, complaint: -2, escalate: -2, manager: -1, worst: -4, unacceptable: -3, joke: -2,
  scam: -3, whatever: -2, seriously: -1, unbelievable: -2, disappointing: -2, dissapointed: -2, slow: -2, lose: -2,
  late: -1, crashing: -2, crashes: -2, crashed: -2,
  thanks: 2, thank: 2, thx: 2, ty: 2, tysm: 3, cheers: 2, solved: 2, resolved: 2, sorted: 2, fixed: 2, great: 3,
  perfect: 3, appreciate: 3, appreciated: 3, yay: 3, finally: 1, relief: 2,
  no: 0, sorry: 0, charged: 0, fine: 0,
};
/** Requests, not feelings ("I need help", "I would like"), unless negated ("doesn't help", "didn't work"). */
const COUNT_ONLY_NEGATED = new Set(['help', 'please', 'like', 'work', 'works', 'working']);

/** Phrases a word-by-word lexicon misses; added to the message's raw score. */
const SUPPORT_PHRASES: Array<[RegExp, number]> = [
  [/\bstill (waiting|not|no|nothing|same|the same|broken|crashing|doesnt|didnt|hasnt|havent|isnt)\b/, -2],
  [/\b(it|that|this) work(s|ed)\b|\bwork(s|ing)? (now|again|fine|perfectly|like a charm)\b/, 2],
  [/\b(stopped|quit) working\b/, -2],
  [/\b(never|not yet|havent|hasnt|didnt) (arrived|came|received|got|showed up|heard back|answered|replied|called)\b/, -2],
  [/\b(no one|for nothing|talking to a wall|yeah right|money back|waste of (my )?time|hung up)\b/, -3],
  [/\b(third|3rd|fourth|4th|fifth|5th|\d+th) (time|chat)\b|\b\d+ times\b/, -2],
  [/\bnot ok(ay)?\b|\bnot what i (asked|ordered|wanted|paid for)\b|\bnot as described\b|\bon hold\b|\b(charged|billed) twice\b/, -2],
  [/\b(all good|all sorted|all set|saved my day|made my day)\b/, 2],
  // Negated praise that means more praise; the word-level negation made them negative.
  [/\b(cant|cannot|couldnt) thank you enough\b|\bcouldnt be happier\b/, 4],
  [/\bthanks for nothing\b/, -4],
  // Formulaic politeness, not gratitude: cancels the word score of "thanks".
  [/\bthanks? (you )?(in advance|anyway)\b/, -2],
];

const GREETINGS = /\bgood (morning|afternoon|evening)\b/gi;
const EXTRA_NEGATORS = new Set(['didnt', 'doesnt', 'wasnt', 'werent', 'havent', 'hasnt', 'couldnt', 'without', 'nothing']);
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

function wordScores(text: string): { sum: number; capsWords: number; words: number } {
  const tokens = wink(text).tokenizedPhrase ?? [];
  let sum = 0;
  let capsWords = 0;
  let words = 0;
  tokens.forEach((t, i) => {
    if (t.tag === 'emoji' || t.tag === 'emoticon') sum += t.score ?? 0;
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
    }
    sum += s;
  });
  return { sum, capsWords, words };
}

function rawScore(text: string): number {
  const normalized = text.replace(/['’]/g, '').toLowerCase().replace(GREETINGS, '');
  const { sum: wordSum, capsWords, words } = wordScores(text.replace(GREETINGS, ''));
  let sum = wordSum + SUPPORT_PHRASES.reduce((acc, [re, s]) => (re.test(normalized) ? acc + s : acc), 0);
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
