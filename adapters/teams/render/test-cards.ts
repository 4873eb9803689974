// Test support for the Teams renderer tests: view fixtures, the official Adaptive Cards parser and validator, and
// the size of what Teams receives.
import type * as AdaptiveCards from 'adaptivecards';
import type { Activity } from 'botbuilder';
import { parseCommand } from '../../../src/core/commands/grammar';
import type {
  ChatCardView,
  ChatPresenceView,
  CoverageRowView,
  CoverageView,
  HomeView,
  MessageLineView,
} from '../../../src/core/views';
import { INPUT, submitToCommand, type SubmitOutcome } from './actions';
import { ACTIVITY_BYTES_MAX, cardActivity } from './activity';
import type { AdaptiveCard, CardElement, SubmitAction } from './adaptive';

export const cardView = (over: Partial<ChatCardView> = {}): ChatCardView => ({
  ref: 'C-1042',
  conversationId: 'cv_42',
  customerName: 'Jane Doe',
  customerCountry: 'DE',
  channel: 'WhatsApp',
  businessUnit: 'Sales',
  agent: { name: 'Ann Lee', email: 'ann.lee@acme.test', status: 'Online' },
  startedAt: new Date('2026-11-24T09:14:03.250Z'),
  lastActivityAt: new Date('2026-11-24T09:32:59Z'),
  inactive: true,
  sentiment: { score: -0.42, label: 'negative', source: 'lexicon' },
  csat: { score: 2, reason: 'Long wait', source: 'model' },
  thumbs: 'down',
  state: 'open',
  actions: ['transfer', 'finish', 'unsupervise'],
  ...over,
});

/** Who is on a chat: two supervisors, a named Teams wall and one on Slack, a whisper (issue #14 point 3). */
export const presenceView = (over: Partial<ChatPresenceView> = {}): ChatPresenceView => ({
  supervisors: [
    { name: 'Sam Boss', surface: 'teams' },
    { name: 'Sue Sales', surface: 'slack' },
  ],
  walls: [
    { surface: 'teams', destination: '19:wall@thread.tacv2', unit: 'Sales', name: 'Sales floor' },
    { surface: 'slack', destination: 'CWALL0001', unit: 'Sales', name: null },
  ],
  lastWhisper: { by: 'Sam Boss', at: new Date('2026-11-24T14:02:41Z') },
  ...over,
});

export const lineView = (over: Partial<MessageLineView> = {}): MessageLineView => ({
  role: 'customer',
  label: 'Customer Jane Doe',
  text: 'hello',
  attachments: [],
  at: new Date('2026-11-24T09:14:03Z'),
  isWhisper: false,
  isNote: false,
  ...over,
});

export const coverageRow = (i: number, over: Partial<CoverageRowView> = {}): CoverageRowView => ({
  ref: `C-${2000 + i}`,
  customerName: `Jane Doe ${i}`,
  businessUnit: 'Sales',
  agentName: 'Ann Lee',
  lastActivityAt: new Date('2026-12-07T09:00:00Z'),
  reasons: ['negative −0.52', 'inactive 7 min'],
  ...over,
});
export const coverageView = (over: Partial<CoverageView> = {}): CoverageView => ({
  covered: 3,
  total: 12,
  businessUnits: ['Sales'],
  uncovered: [0, 1, 2, 3, 4].map((i) => coverageRow(i)),
  ...over,
});
export const homeView = (over: Partial<HomeView> = {}): HomeView => ({
  coverage: coverageView(),
  supervised: [cardView()],
  watches: [
    {
      id: 1,
      surface: 'teams',
      destination: '19:wall@thread.tacv2',
      businessUnit: 'Sales',
      createdBy: 'sam.boss@acme.test',
      createdAt: new Date('2026-12-07T08:00:00Z'),
    },
  ],
  ...over,
});

/**
 * The official Adaptive Cards library, from the CommonJS bundle the package ships next to its ES-module build (Jest's
 * runtime cannot require ES modules). Parsing and validating need no DOM: nothing here renders.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const AC = require('adaptivecards/dist/adaptivecards.js') as typeof AdaptiveCards;

/** Teams renders Adaptive Cards up to 1.5 (mobile clients included). */
const TEAMS_CARD_VERSION = AC.Versions.v1_5;
/** Anything between {{ }} must be a date function in the strict form clients accept, or they show it raw. */
const CARD_FUNCTION =
  /\{\{(?:DATE\(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ(?:, (?:SHORT|LONG|COMPACT))?\)|TIME\(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\))\}\}/g;
/** Realistic ids around a card, as botbuilder sends a reply into a channel thread. */
const ENVELOPE = {
  id: '1732439643250',
  channelId: 'msteams',
  serviceUrl: 'https://smba.trafficmanager.net/emea/1d2e3f4a-5b6c-4d7e-8f90-a1b2c3d4e5f6/',
  from: { id: '28:2f1c9a5e-0b7d-4c1e-9f3a-6d2b8e4a7c10', name: 'Convrs Supervisor' },
  conversation: {
    id: '19:0b7d4c1e9f3a6d2b8e4a7c102f1c9a5e@thread.tacv2;messageid=1732439643250',
    isGroup: true,
    conversationType: 'channel',
    tenantId: '1d2e3f4a-5b6c-4d7e-8f90-a1b2c3d4e5f6',
  },
  recipient: {
    id: '29:1XyZ-aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789',
    name: 'Sam Boss',
    aadObjectId: '6d2b8e4a-7c10-4f1c-9a5e-0b7d4c1e9f3a',
  },
  replyToId: '1732439643250',
  locale: 'en-US',
  channelData: { tenant: { id: '1d2e3f4a-5b6c-4d7e-8f90-a1b2c3d4e5f6' } },
};

/** The serialized size of `activity` as Teams receives it, wrapped in realistic ids. */
export const sentBytes = (activity: Partial<Activity>): number =>
  Buffer.byteLength(JSON.stringify({ ...ENVELOPE, ...activity }));

/** Checks a message activity is within Teams' size limit once wrapped; returns its size. */
export function expectWithinActivityLimit(activity: Partial<Activity>): number {
  const bytes = sentBytes(activity);
  expect(bytes).toBeLessThanOrEqual(ACTIVITY_BYTES_MAX);
  return bytes;
}

/**
 * What the official Adaptive Cards parser and validator (the `adaptivecards` package Microsoft publishes) find wrong
 * with `json` for Teams' card version: parse events (unknown or newer element and action types, bad property values)
 * and validation results, warnings included (e.g. a required input without a label), as readable lines.
 */
export function officialCardProblems(json: unknown): string[] {
  const context = new AC.SerializationContext(TEAMS_CARD_VERSION);
  const card = new AC.AdaptiveCard();
  card.parse(json, context);
  const parseEvents = Array.from({ length: context.eventCount }, (_, i) => context.getEventAt(i));
  const events = [...parseEvents, ...card.validateProperties().validationEvents];
  return events.map((e) => {
    const source =
      e.source instanceof AC.CardObject
        ? ` (${e.source.getJsonTypeName()}${e.source.id ? ` #${e.source.id}` : ''})`
        : '';
    return `${AC.ValidationPhase[e.phase]} ${AC.ValidationEvent[e.event]}${source}: ${e.message}`;
  });
}

/**
 * The card as the official object model reads it back (card.toJSON), apart from Teams' own `msteams` extension: equal
 * to what we send when every property is one Adaptive Cards knows, spelled right, with a value it accepts.
 */
export function officialRoundTrip(json: AdaptiveCard): { sent: unknown; readBack: unknown } {
  const card = new AC.AdaptiveCard();
  card.parse(json, new AC.SerializationContext(TEAMS_CARD_VERSION));
  const { msteams: _teamsExtension, ...sent } = json;
  return { sent, readBack: card.toJSON(new AC.SerializationContext(TEAMS_CARD_VERSION)) };
}

/** Every element of the body, depth first. */
export function elementsOf(card: AdaptiveCard): CardElement[] {
  const walk = (e: CardElement): CardElement[] => {
    if (e.type === 'Container') return [e, ...e.items.flatMap(walk)];
    if (e.type === 'ColumnSet') return [e, ...e.columns.flatMap((c) => c.items.flatMap(walk))];
    return [e];
  };
  return card.body.flatMap(walk);
}

/** Every Action.Submit, card-level and in ActionSets, in order of appearance (body first). */
export function submitsOf(card: AdaptiveCard): SubmitAction[] {
  return [...elementsOf(card).flatMap((e) => (e.type === 'ActionSet' ? e.actions : [])), ...(card.actions ?? [])];
}

/** Every markdown text a reader sees: TextBlocks and facts. */
export function textsOf(card: AdaptiveCard): string[] {
  return elementsOf(card).flatMap((e) => {
    if (e.type === 'TextBlock') return [e.text];
    if (e.type === 'FactSet') return e.facts.flatMap((f) => [f.title, f.value]);
    return [];
  });
}

/** What Teams sends as `activity.value` for a click: the button's data plus, unless it opts out, the card's inputs filled in. */
export function clickValue(
  card: AdaptiveCard,
  submit: SubmitAction,
  whisper = 'please offer the refund',
): Record<string, unknown> {
  if (submit.associatedInputs === 'none') return { ...submit.data };
  const inputs: Record<string, string> = {};
  let picked = false;
  for (const e of elementsOf(card)) {
    if (e.type === 'Input.Text') inputs[e.id] = e.id === INPUT.whisper ? whisper : 'x';
    // One pick, as a user would make it: the first list's first choice; unpicked lists submit "".
    if (e.type === 'Input.ChoiceSet') [inputs[e.id], picked] = [picked ? '' : e.choices[0].value, true];
  }
  return { ...submit.data, ...inputs };
}

/** The outcome of clicking `submit`; command outcomes must be text the shared grammar reads. */
export function clickOutcome(card: AdaptiveCard, submit: SubmitAction): SubmitOutcome {
  const outcome = submitToCommand(clickValue(card, submit));
  if (!outcome) throw new Error(`submit ${JSON.stringify(submit.data)} is not recognised as ours`);
  if ('error' in outcome) throw new Error(`submit ${JSON.stringify(submit.data)} fails: ${outcome.error}`);
  if ('command' in outcome) {
    const parsed = parseCommand(outcome.command);
    if (parsed.name === 'unknown') throw new Error(`submit command "${outcome.command}" is not a command`);
  }
  return outcome;
}

/** Our own rules on top of the official ones: no empty text, and only date functions clients expand. */
function checkTexts(card: AdaptiveCard): void {
  for (const e of elementsOf(card)) {
    if (e.type === 'TextBlock') {
      expect(e.text.trim()).not.toBe('');
      expect(e.text.replace(CARD_FUNCTION, '')).not.toContain('{{');
    }
    if (e.type === 'FactSet') {
      for (const f of e.facts) {
        expect(f.title.trim()).not.toBe('');
        expect(f.value.replace(CARD_FUNCTION, '')).not.toContain('{{');
      }
    }
  }
}

/**
 * Checks the card is one Teams renders and every button leads somewhere: no problem at all (errors or warnings) from
 * the official Adaptive Cards parser and validator at version 1.5, nothing it does not know, within the activity
 * size; returns its submits for further checks.
 */
export function expectValidCard(card: AdaptiveCard): SubmitAction[] {
  expect(card).toMatchObject({
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: '1.5',
    msteams: { width: 'Full' },
  });
  expect(card.body.length).toBeGreaterThan(0);
  expect(officialCardProblems(card)).toEqual([]);
  const { sent, readBack } = officialRoundTrip(card);
  expect(readBack).toEqual(sent);
  expectWithinActivityLimit(cardActivity(card));
  checkTexts(card);
  const submits = submitsOf(card);
  for (const s of submits) {
    expect(s.title.trim()).not.toBe('');
    expect(() => clickOutcome(card, s)).not.toThrow();
  }
  return submits;
}
