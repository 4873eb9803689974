// Test support for the Teams renderer tests: view fixtures, and a structural check of the Adaptive Cards Teams accepts.
import { parseCommand } from '../../../src/core/commands/grammar';
import type { ChatCardView, MessageLineView } from '../../../src/core/views';
import { INPUT, submitToCommand, type SubmitOutcome } from './actions';
import type { AdaptiveCard, CardElement, SubmitAction } from './adaptive';

export const cardView = (over: Partial<ChatCardView> = {}): ChatCardView => ({
  ref: 'C-1042', conversationId: 'cv_42', customerName: 'Jane Doe', customerCountry: 'DE', channel: 'WhatsApp', businessUnit: 'Sales',
  agent: { name: 'Ann Lee', email: 'ann.lee@acme.test', status: 'Online' },
  startedAt: new Date('2026-11-24T09:14:03.250Z'), lastActivityAt: new Date('2026-11-24T09:32:59Z'), inactive: true,
  sentiment: { score: -0.42, label: 'negative', source: 'lexicon' }, csat: { score: 2, reason: 'Long wait', source: 'model' },
  thumbs: 'down', state: 'open', actions: ['transfer', 'finish', 'unsupervise'], ...over,
});

export const lineView = (over: Partial<MessageLineView> = {}): MessageLineView => ({
  role: 'customer', label: 'Customer Jane Doe', text: 'hello', attachments: [], at: new Date('2026-11-24T09:14:03Z'), isWhisper: false, isNote: false, ...over,
});

/** Adaptive Cards 1.5 elements and actions (https://adaptivecards.io/explorer); anything else is refused by Teams. */
const ELEMENTS_1_5 = new Set([
  'TextBlock', 'RichTextBlock', 'Image', 'ImageSet', 'Media', 'Container', 'ColumnSet', 'FactSet', 'ActionSet', 'Table',
  'Input.Text', 'Input.Number', 'Input.Date', 'Input.Time', 'Input.Toggle', 'Input.ChoiceSet',
]);
const ACTIONS_1_5 = new Set(['Action.Submit', 'Action.OpenUrl', 'Action.ShowCard', 'Action.ToggleVisibility', 'Action.Execute']);
/** Teams' limit on a whole message; a card alone must stay under it. */
export const TEAMS_MESSAGE_BYTES = 28 * 1024;
/** Anything between {{ }} must be a date function in the strict form clients accept, or they show it raw. */
const CARD_FUNCTION = /\{\{(?:DATE\(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ(?:, (?:SHORT|LONG|COMPACT))?\)|TIME\(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\))\}\}/g;

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
export function clickValue(card: AdaptiveCard, submit: SubmitAction, whisper = 'please offer the refund'): Record<string, unknown> {
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

function checkElement(e: CardElement, ids: Set<string>): void {
  expect(ELEMENTS_1_5.has(e.type)).toBe(true);
  if (e.type === 'TextBlock') {
    expect(e.text.trim()).not.toBe('');
    expect(e.text.replace(CARD_FUNCTION, '')).not.toContain('{{');
  }
  if (e.type === 'FactSet') {
    expect(e.facts.length).toBeGreaterThan(0);
    for (const f of e.facts) {
      expect(f.title.trim()).not.toBe('');
      expect(f.value.replace(CARD_FUNCTION, '')).not.toContain('{{');
    }
  }
  if (e.type === 'ColumnSet') for (const c of e.columns) expect(c.type).toBe('Column');
  if (e.type === 'ActionSet') expect(e.actions.length).toBeGreaterThan(0);
  if (e.type === 'Input.Text' || e.type === 'Input.ChoiceSet') {
    expect(e.id).toMatch(/^\w+$/);
    expect(ids.has(e.id)).toBe(false);
    ids.add(e.id);
  }
  if (e.type === 'Input.ChoiceSet') expect(e.choices.length).toBeGreaterThan(0);
}

/** Checks the card is one Teams renders and every button leads somewhere; returns its submits for further checks. */
export function expectValidCard(card: AdaptiveCard): SubmitAction[] {
  expect(card).toMatchObject({ $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', type: 'AdaptiveCard', version: '1.5', msteams: { width: 'Full' } });
  expect(card.body.length).toBeGreaterThan(0);
  expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThanOrEqual(TEAMS_MESSAGE_BYTES);
  const ids = new Set<string>();
  for (const e of elementsOf(card)) checkElement(e, ids);
  const submits = submitsOf(card);
  for (const s of submits) {
    expect(ACTIONS_1_5.has(s.type)).toBe(true);
    expect(s.title.trim()).not.toBe('');
    expect(() => clickOutcome(card, s)).not.toThrow();
  }
  return submits;
}
