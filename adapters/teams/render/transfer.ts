// The transfer form: agent and business-unit pickers whose submit becomes `transfer <chat> to …` (see submitToCommand).
import type { TransferFormView } from '../../../src/core/views';
import { cancelSubmit, INPUT, transferToSubmit } from './actions';
import { adaptiveCard, heading, textBlock, type CardElement, type Choice, type AdaptiveCard } from './adaptive';
import { escapeMarkdown, truncate } from './markdown';

/** Beyond this many agents the card grows past what Teams accepts; the rest can be typed. */
export const AGENT_CHOICES_MAX = 100;
const CHOICE_TITLE_MAX = 80;

/** "Bob Stone · Busy · 3 of 5": the name is what gets cut, so status and load always show. Choice titles are plain text. */
function agentChoice(a: TransferFormView['agents'][number]): Choice {
  const tail = ` · ${a.status} · ${a.load}`;
  return { title: truncate(a.name, Math.max(CHOICE_TITLE_MAX - tail.length, 10)) + tail, value: a.email };
}

export function renderTransferForm(form: TransferFormView): AdaptiveCard {
  const ref = escapeMarkdown(form.ref);
  const body: CardElement[] = [heading(`Transfer ${ref}`)];
  const { agents, businessUnits } = form;
  if (!agents.length && !businessUnits.length) {
    body.push(textBlock('No other agent or business unit is available.'));
    return adaptiveCard(body, [cancelSubmit(form.ref)], `Transfer ${form.ref}`);
  }
  body.push(textBlock('Pick an agent or a business unit.'));
  if (agents.length) {
    const choices = agents.slice(0, AGENT_CHOICES_MAX).map(agentChoice);
    body.push({ type: 'Input.ChoiceSet', id: INPUT.agent, label: 'Agent', placeholder: 'Choose an agent', style: 'filtered', choices });
    if (agents.length > AGENT_CHOICES_MAX) {
      body.push(textBlock(`Showing ${AGENT_CHOICES_MAX} of ${agents.length} agents; for another one type transfer ${ref} to ${escapeMarkdown('<email>')}.`, { isSubtle: true, size: 'Small' }));
    }
  }
  if (businessUnits.length) {
    const choices = businessUnits.map((bu) => ({ title: bu, value: bu }));
    body.push({ type: 'Input.ChoiceSet', id: INPUT.businessUnit, label: 'Business unit', placeholder: 'Choose a business unit', style: 'compact', choices });
  }
  return adaptiveCard(body, [transferToSubmit(form.ref), cancelSubmit(form.ref)], `Transfer ${form.ref}`);
}
