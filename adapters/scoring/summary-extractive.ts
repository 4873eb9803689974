// The offline Summarizer: the request, the latest customer line, the most negative line and the agent's last commitment,
// each quoted from one stored line (so every citation exists by construction), in the order they were said.
import type { Summarizer, SummaryDraft, SummaryInput, SummaryLine } from '../../src/core/summary';
import { messageSentiment } from './message-sentiment';

/** A quoted line is cut to this many characters: a point is a glance. */
const QUOTE_MAX = 140;
/** As the negative alert: a line scoring at or below this is "upset" (above it, the most negative line is not worth a point). */
const UPSET_AT = -0.3;

/** Words that carry no request on their own: greetings, fillers, politeness, acknowledgements. */
const FILLER = new Set([
  'hi',
  'hii',
  'hiii',
  'hello',
  'helo',
  'hey',
  'heya',
  'hallo',
  'yo',
  'good',
  'morning',
  'afternoon',
  'evening',
  'day',
  'there',
  'all',
  'please',
  'pls',
  'thanks',
  'thank',
  'you',
  'thx',
  'ty',
  'ok',
  'okay',
  'k',
  'yes',
  'yeah',
  'no',
  'sure',
  'dear',
  'team',
  'support',
  'sir',
  'madam',
]);

type Commitment = 'promised' | 'confirmed' | 'offered';

/**
 * Cues of an agent's commitment, strongest first: what they will do (or when it happens), what they did, what they
 * offer, and last a mere "let me check". Matched on the lower-case line with apostrophes straightened; tuned on the
 * agent lines of test/fixtures/scoring-eval ("within 30 days are free" is a policy, not a promise; "please try again tomorrow" asks the customer).
 */
const COMMITMENTS: Array<{ kind: Commitment; cue: RegExp }> = [
  {
    kind: 'promised',
    cue: /\b(i('ll| will| shall)|we('ll| will)|i('m| am) going to|we('re| are) going to|you('ll| will) (get|receive|see|have|hear)|(will|should) (call|email|contact|send|reach|arrive|ship|process|be (sent|refunded|credited|delivered|cancelled|processed|fixed|replaced|back))|within (\d+|a|an|one|two|three|24|48|72) ?(minutes?|mins?|hours?|h|days?|working days|business days|weeks?)\b(?! (are|is)\b)|by (tomorrow|tonight|today|monday|tuesday|wednesday|thursday|friday|saturday|sunday|the end|end of)|(?<!(try|check|come back|call back|contact us)( again)? )tomorrow|i promise|we promise|guarantee)/,
  },
  {
    kind: 'confirmed',
    cue: /\b((i|we)('ve| have) (just |now |already )?(?!been\b)[a-z]+(ed|en|ent|et|ut|one)\b|^(done|sent|fixed|sorted)\b|\b(is|are|has been|have been) (confirmed|updated|booked|scheduled|refunded|cancelled|restored|approved|issued|applied|sent|shipped)\b|\bships? today\b)/,
  },
  {
    kind: 'offered',
    cue: /\b((i|we) can (offer|send|give|refund|replace|arrange|open|book|exchange|credit)|would you like (a|me to)|want me to|happy to (send|refund|replace|offer))\b/,
  },
  { kind: 'promised', cue: /\b(let me|let's|let us)\b/ },
];

/** Closing pleasantries say nothing about the chat ("Anything else?", "Enjoy!"): not worth a point of their own. */
const CLOSING =
  /^(is there )?(anything else|enjoy|happy to help|you're welcome|my pleasure|have a (nice|great|lovely|good)|no worries|of course|great|thanks|thank you)\b/;

const normal = (s: string) => s.toLowerCase().replace(/[’`]/g, "'");

/** A line that says something: at least two words besides greetings and fillers, or one with a digit (an order number). */
function substantive(text: string): boolean {
  const words = normal(text)
    .replace(/'/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w && !FILLER.has(w));
  return words.length >= 2 || words.some((w) => /\d/.test(w));
}

/** A hand-over greeting sounds like a promise but commits to nothing ("Ann here, I will take it from here"). */
const GREETING_PROMISE =
  /\b(take (it|this|over|things) from here|(be|am) with you (shortly|in a (moment|minute)|now)|i('ll| will) be (helping|assisting) you|here to help)\b/;

function commitmentOf(text: string): Commitment | null {
  const t = normal(text);
  if (GREETING_PROMISE.test(t)) return null;
  return COMMITMENTS.find((c) => c.cue.test(t))?.kind ?? null;
}

/** “The line”, whitespace collapsed and cut at a word near QUOTE_MAX. */
function quote(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= QUOTE_MAX) return `“${flat}”`;
  const head = flat.slice(0, QUOTE_MAX - 1);
  const space = head.lastIndexOf(' ');
  return `“${(space > QUOTE_MAX * 0.6 ? head.slice(0, space) : head).replace(/[\s,;:.-]+$/, '')}…”`;
}

/** "Agent Ann Lee" → "Ann Lee" (the port's author names the role first). */
const nameOf = (l: SummaryLine) => l.author.replace(/^(agent|customer)\s+/i, '').trim() || 'The agent';

export function summarizeExtractive(input: SummaryInput): SummaryDraft {
  const spoken = input.lines.filter((l) => (l.role === 'customer' || l.role === 'agent') && l.text.trim());
  const customer = spoken.filter((l) => l.role === 'customer');
  const agent = spoken.filter((l) => l.role === 'agent');
  const points: { text: string; lineId: number; order: number }[] = [];
  const add = (l: SummaryLine, text: string) => points.push({ text, lineId: l.id, order: spoken.indexOf(l) });

  const request = customer.find((l) => substantive(l.text)) ?? customer[0];
  const latest = customer.at(-1);
  const scored = customer.map((l) => ({ l, s: messageSentiment(l.text) })).filter((x) => x.s <= UPSET_AT);
  const upset = scored.reduce<(typeof scored)[number] | undefined>(
    (worst, x) => (!worst || x.s < worst.s ? x : worst),
    undefined,
  )?.l;

  // One line, one point: the most upset line that is also the request or the latest line says so there.
  if (request) add(request, `${request === upset ? 'Asked, upset' : 'Asked'}: ${quote(request.text)}`);
  if (upset && upset !== request && upset !== latest) add(upset, `Most upset: ${quote(upset.text)}`);
  const committed = [...agent]
    .reverse()
    .map((l) => ({ l, kind: commitmentOf(l.text) }))
    .find((x) => x.kind);
  if (committed) add(committed.l, `${nameOf(committed.l)} ${committed.kind}: ${quote(committed.l.text)}`);
  else {
    const said =
      [...agent].reverse().find((l) => !(CLOSING.test(normal(l.text).trim()) && l.text.length < 60)) ?? agent.at(-1);
    if (said) add(said, `Last from ${nameOf(said)}: ${quote(said.text)}`);
  }
  if (latest && latest !== request)
    add(
      latest,
      `${latest === upset ? 'Latest from the customer, and the most upset' : 'Latest from the customer'}: ${quote(latest.text)}`,
    );

  // Only greetings before a request that is also the latest line ("hello?", "anyone there?", "forget it"), and no
  // agent: the first line still tells the story (how long they tried).
  if (points.length < 2 && customer[0] && customer[0] !== request)
    add(customer[0], `First from the customer: ${quote(customer[0].text)}`);
  points.sort((a, b) => a.order - b.order);
  return { points: points.map(({ text, lineId }) => ({ text, lineId })), source: 'extractive' };
}

export function extractiveSummarizer(): Summarizer {
  return {
    name: 'extractive',
    async summarize(input: SummaryInput): Promise<SummaryDraft> {
      return summarizeExtractive(input);
    },
  };
}
