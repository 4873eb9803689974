// A chat's script: what one scenario sounds like in one mood, from the agent's greeting to the finish and the thumbs.
import {
  AGENT_ANYTHING_ELSE,
  AGENT_APOLOGIES,
  AGENT_CALMING,
  AGENT_CLOSINGS,
  AGENT_HANDOFF,
  AGENT_LINES,
  AGENT_TAKEOVER,
  ANGRY_GOODBYES,
  ANGRY_NUDGES,
  ANGRY_REPEATS,
  CUSTOMER_LINES,
  FEEDBACK_COMMENTS,
  HAPPY_GOODBYES,
  NEUTRAL_ACKS,
  NEUTRAL_GOODBYES,
  fill,
  type Mood,
} from './corpus';
import { between, chance, pick, type Rng } from './population';
import { SCENARIOS, type Exchange, type Scenario } from './scenarios';
import type { Attachment, ThumbsValue } from './types';

export type MoodMix = Record<Mood, number>;
/** Half the customers leave happy, a third without a strong feeling, one in seven angry. */
export const DEFAULT_MOOD_MIX: MoodMix = { happy: 0.5, neutral: 0.35, angry: 0.15 };

/** One thing that happens in a chat. Texts may still hold {customer}, {agent} and {unit}: known only when said. */
export type Beat =
  | { kind: 'say'; role: 'customer' | 'agent'; text: string; attachments?: Attachment[] }
  /** The current agent hands the chat over to another business unit. */
  | { kind: 'transfer'; toBusinessUnit: string }
  /** Nobody writes for a while: the customer waits for the agent (angry chats) or is off trying the answer. */
  | { kind: 'quiet' }
  /** The agent finishes the chat in the Convrs app; the customer may then leave a thumbs. */
  | { kind: 'finish'; thumbs: ThumbsValue | null; comment?: string };

export interface ChatScript {
  scenario: Scenario;
  mood: Mood;
  /** Where the chat starts: the scenario's unit, or another one when the customer picked the wrong one. */
  businessUnit: string;
  opener: string;
  beats: Beat[];
}

/** The scenario's unit index as a name of this simulator's units (custom unit lists are mapped by position). */
export const unitName = (businessUnits: readonly string[], index: number): string =>
  businessUnits[index % businessUnits.length]!;

export function pickMood(rng: Rng, mix: MoodMix = DEFAULT_MOOD_MIX): Mood {
  const total = mix.happy + mix.neutral + mix.angry;
  const r = rng() * (total > 0 ? total : 1);
  return r < mix.happy ? 'happy' : r < mix.happy + mix.neutral ? 'neutral' : 'angry';
}

/** A scenario handled by this unit; any scenario when none is (a unit beyond the default three). */
export function scenarioFor(rng: Rng, businessUnits: readonly string[], businessUnit: string): Scenario {
  const own = SCENARIOS.filter((s) => unitName(businessUnits, s.unit) === businessUnit);
  return pick(rng, own.length ? own : SCENARIOS);
}

/** Order and ticket numbers are made up per chat, so that a chat's lines agree with each other. */
function details(rng: Rng): Record<string, string> {
  return { order: `#${between(rng, 40000, 99999)}`, ticket: String(between(rng, 1000, 9999)) };
}

function thumbsFor(rng: Rng, mood: Mood): ThumbsValue | null {
  const r = rng();
  if (mood === 'happy') return r < 0.75 ? 'up' : r < 0.97 ? null : 'down';
  if (mood === 'angry') return r < 0.75 ? 'down' : null;
  return r < 0.6 ? null : r < 0.9 ? 'up' : 'down';
}

export function writeScript(rng: Rng, scenario: Scenario, mood: Mood, businessUnits: readonly string[]): ChatScript {
  const vars = details(rng);
  const beats: Beat[] = [];
  const say = (role: 'customer' | 'agent', lines: readonly string[], file?: Attachment) =>
    beats.push({ kind: 'say', role, text: fill(pick(rng, lines), vars), ...(file ? { attachments: [file] } : {}) });
  const exchange = (asker: 'customer' | 'agent', options: readonly Exchange[]) => {
    const ex = pick(rng, options);
    say(asker, [ex.line]);
    say(asker === 'agent' ? 'customer' : 'agent', ex.replies, ex.file);
  };

  const home = unitName(businessUnits, scenario.unit);
  const from =
    scenario.misrouted && chance(rng, scenario.misrouted.share)
      ? unitName(businessUnits, scenario.misrouted.from)
      : home;
  const opener = fill(pick(rng, scenario.opener), vars);
  if (from !== home) {
    say(
      'agent',
      AGENT_HANDOFF.map((l) => fill(l, { unit: home })),
    );
    beats.push({ kind: 'transfer', toBusinessUnit: home });
    say('agent', AGENT_TAKEOVER);
  }
  exchange('agent', scenario.asks);

  if (mood === 'angry') {
    exchange('agent', scenario.stalls);
    // The agent goes silent; the customer asks again.
    const waits = chance(rng, 0.5);
    if (waits) beats.push({ kind: 'quiet' });
    if (waits || chance(rng, 0.5)) say('customer', ANGRY_NUDGES);
    if (chance(rng, 0.7)) say('customer', ANGRY_REPEATS);
    say('agent', AGENT_CALMING);
    say('agent', scenario.escalation);
    say('customer', ANGRY_GOODBYES);
    say('agent', AGENT_APOLOGIES);
  } else {
    say('agent', scenario.answer, scenario.answerFile);
    // Some customers go off to try the answer before they come back.
    if (chance(rng, 0.04)) beats.push({ kind: 'quiet' });
    if (chance(rng, mood === 'happy' ? 0.5 : 0.6)) exchange('customer', scenario.followUps);
    say('customer', mood === 'happy' ? scenario.thanks : NEUTRAL_ACKS);
    say('agent', AGENT_ANYTHING_ELSE);
    if (mood === 'happy') say('customer', HAPPY_GOODBYES);
    else if (chance(rng, 0.5)) say('customer', NEUTRAL_GOODBYES);
    say('agent', AGENT_CLOSINGS);
  }

  const thumbs = thumbsFor(rng, mood);
  const comment = thumbs && chance(rng, 0.5) ? pick(rng, FEEDBACK_COMMENTS[thumbs]) : undefined;
  beats.push({ kind: 'finish', thumbs, ...(comment ? { comment } : {}) });
  return { scenario, mood, businessUnit: from, opener, beats };
}

/**
 * A plain (neutral) exchange on the scenario, for chats started by hand with extra messages, which begin with the
 * customer: their reply to the agent's usual question, the answer, a follow-up and its reply, then topic-free lines.
 * Text only, as those chats always had: lines that go with a file are left out.
 */
export function smallTalk(
  rng: Rng,
  scenario: Scenario,
): { customer: (i: number) => string; agent: (i: number) => string } {
  const vars = details(rng);
  const textOnly = scenario.asks.filter((a) => !a.file);
  const ask = pick(rng, textOnly.length ? textOnly : scenario.asks);
  const followUp = pick(rng, scenario.followUps);
  const answer = scenario.answerFile ? 'I have sent it to your email.' : pick(rng, scenario.answer);
  const customer = [pick(rng, ask.replies), followUp.line, pick(rng, NEUTRAL_ACKS)].map((l) => fill(l, vars));
  const agent = [answer, pick(rng, followUp.replies), pick(rng, AGENT_ANYTHING_ELSE)].map((l) => fill(l, vars));
  return {
    customer: (i) => customer[i] ?? pick(rng, CUSTOMER_LINES.neutral),
    agent: (i) => agent[i] ?? pick(rng, AGENT_LINES),
  };
}
