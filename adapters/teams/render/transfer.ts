// The transfer form: agent and business-unit pickers whose submit becomes `transfer <chat> to …` (see submitToCommand).
// Lists too long for one Teams message are cut, and the form says how many it shows and how to reach the others.
import type { TransferFormView } from '../../../src/core/views';
import { cancelSubmit, INPUT, transferToSubmit } from './actions';
import { CARD_BYTES_MAX, jsonBytes, largestFitting, showingOf } from './activity';
import { adaptiveCard, heading, textBlock, type AdaptiveCard, type CardElement, type Choice } from './adaptive';
import { escapeMarkdown, truncate } from './markdown';

/** Beyond this many choices a picker is no longer usable (and Slack's twin stops at 100 too); the rest can be typed. */
export const AGENT_CHOICES_MAX = 100;
export const BUSINESS_UNIT_CHOICES_MAX = 100;
const CHOICE_TITLE_MAX = 80;

/** "Bob Stone · Busy · 3 of 5": the name is what gets cut, so status and load always show. Choice titles are plain text. */
function agentChoice(a: TransferFormView['agents'][number]): Choice {
  const tail = ` · ${a.status} · ${a.load}`;
  return { title: truncate(a.name, Math.max(CHOICE_TITLE_MAX - tail.length, 10)) + tail, value: a.email };
}

const cutNote = (text: string): CardElement => textBlock(text, { isSubtle: true, size: 'Small' });

function build(form: TransferFormView, agentsShown: number, unitsShown: number): AdaptiveCard {
  const ref = escapeMarkdown(form.ref);
  const { agents, businessUnits } = form;
  const body: CardElement[] = [heading(`Transfer ${ref}`), textBlock('Pick an agent or a business unit.')];
  if (agents.length) {
    const choices = agents.slice(0, agentsShown).map(agentChoice);
    if (choices.length)
      body.push({
        type: 'Input.ChoiceSet',
        id: INPUT.agent,
        label: 'Agent',
        placeholder: 'Choose an agent',
        style: 'filtered',
        choices,
      });
    if (agentsShown < agents.length) {
      body.push(
        cutNote(
          `${showingOf(agentsShown, agents.length, 'agents')}; for another one type transfer ${ref} to ${escapeMarkdown('<email>')}.`,
        ),
      );
    }
  }
  if (businessUnits.length) {
    const choices = businessUnits
      .slice(0, unitsShown)
      .map((bu) => ({ title: truncate(bu, CHOICE_TITLE_MAX), value: bu }));
    if (choices.length) {
      body.push({
        type: 'Input.ChoiceSet',
        id: INPUT.businessUnit,
        label: 'Business unit',
        placeholder: 'Choose a business unit',
        style: 'filtered',
        choices,
      });
    }
    if (unitsShown < businessUnits.length) {
      body.push(
        cutNote(
          `${showingOf(unitsShown, businessUnits.length, 'business units')}; for another one type transfer ${ref} to bu:"${escapeMarkdown('<name>')}".`,
        ),
      );
    }
  }
  return adaptiveCard(body, [transferToSubmit(form.ref), cancelSubmit(form.ref)], `Transfer ${form.ref}`);
}

export function renderTransferForm(form: TransferFormView): AdaptiveCard {
  const { agents, businessUnits } = form;
  if (!agents.length && !businessUnits.length) {
    const body = [
      heading(`Transfer ${escapeMarkdown(form.ref)}`),
      textBlock('No other agent or business unit is available.'),
    ];
    return adaptiveCard(body, [cancelSubmit(form.ref)], `Transfer ${form.ref}`);
  }
  const fits = (a: number, b: number) => jsonBytes(build(form, a, b)) <= CARD_BYTES_MAX;
  // Business units first (fewer, and what most transfers pick), then as many agents as still fit.
  const units = largestFitting(Math.min(businessUnits.length, BUSINESS_UNIT_CHOICES_MAX), (b) => fits(0, b));
  const shownAgents = largestFitting(Math.min(agents.length, AGENT_CHOICES_MAX), (a) => fits(a, units));
  return build(form, shownAgents, units);
}
