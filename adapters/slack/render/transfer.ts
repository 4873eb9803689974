// The Transfer modal (agent and business-unit pickers) and the way back from its submission to a typed command.
// A picker holds at most Slack's 100 options; when it holds fewer than there are, its hint says so and how to type one.
import type { TransferFormView } from '../../../src/core/views';
import { CALLBACK, TRANSFER_BLOCK, TRANSFER_ELEMENT } from './actions';
import { context, plain, type Block, type InputBlock, type ModalView, type SelectOption } from './blocks';
import { truncate } from './mrkdwn';

/** Block Kit limits for modals and selects. */
const MODAL_TITLE_MAX = 24;
export const OPTIONS_MAX = 100;
export const OPTION_TEXT_MAX = 75;
export const OPTION_VALUE_MAX = 150;

export interface TransferChoice {
  agent?: string;
  businessUnit?: string;
}

/** What the modal shows (as view_submission `errors`) when the choice cannot become one transfer. */
export const TRANSFER_ERRORS = {
  none: 'Pick an agent or a business unit.',
  both: 'Pick one: an agent or a business unit, not both.',
} as const;

/** "Bob Stone · Busy · 3 of 5": the name is what gets cut, so status and load always show. */
function agentOption(a: TransferFormView['agents'][number]): SelectOption {
  const tail = ` · ${a.status} · ${a.load}`;
  return {
    text: plain(truncate(a.name, Math.max(OPTION_TEXT_MAX - tail.length, 10)) + tail, OPTION_TEXT_MAX),
    value: a.email,
  };
}

function pickerBlock(
  blockId: string,
  actionId: string,
  label: string,
  options: SelectOption[],
  hint?: string,
): InputBlock {
  return {
    type: 'input',
    block_id: blockId,
    optional: true,
    label: plain(label),
    element: {
      type: 'static_select',
      action_id: actionId,
      placeholder: plain(`Choose ${label.toLowerCase()}`),
      options,
    },
    ...(hint ? { hint: plain(hint) } : {}),
  };
}

/** "Showing 100 of 140 business units; for another one type …", or nothing when every one is shown. */
function cutHint(shown: number, total: number, what: string, typed: string): string | undefined {
  return shown < total ? `Showing ${shown} of ${total} ${what}; for another one type ${typed}.` : undefined;
}

export function renderTransferModal(form: TransferFormView, privateMetadata: string): ModalView {
  // Slack refuses the whole view for one over-long option value, so such an option is left out instead (and counted as not shown).
  const agents = form.agents.filter((a) => a.email.length <= OPTION_VALUE_MAX).slice(0, OPTIONS_MAX);
  const units = form.businessUnits.filter((bu) => bu.length <= OPTION_VALUE_MAX).slice(0, OPTIONS_MAX);
  const blocks: Block[] = [
    context(
      agents.length || units.length
        ? 'Pick an agent or a business unit.'
        : 'No other agent or business unit is available.',
    ),
  ];
  if (agents.length) {
    const hint = cutHint(agents.length, form.agents.length, 'agents', `/convrs transfer ${form.ref} to <email>`);
    blocks.push(pickerBlock(TRANSFER_BLOCK.agent, TRANSFER_ELEMENT.agent, 'Agent', agents.map(agentOption), hint));
  }
  if (units.length) {
    const options = units.map((bu) => ({ text: plain(bu, OPTION_TEXT_MAX), value: bu }));
    const hint = cutHint(
      units.length,
      form.businessUnits.length,
      'business units',
      `/convrs transfer ${form.ref} to bu:"<name>"`,
    );
    blocks.push(
      pickerBlock(TRANSFER_BLOCK.businessUnit, TRANSFER_ELEMENT.businessUnit, 'Business unit', options, hint),
    );
  }
  return {
    type: 'modal',
    callback_id: CALLBACK.transferModal,
    private_metadata: privateMetadata,
    title: plain(`Transfer ${form.ref}`, MODAL_TITLE_MAX),
    ...(blocks.length > 1 ? { submit: plain('Transfer') } : {}),
    close: plain('Cancel'),
    blocks,
  };
}

const member = (o: unknown, key: string): unknown =>
  o && typeof o === 'object' ? (o as Record<string, unknown>)[key] : undefined;

/** The picks in a view_submission's `view.state.values`. */
export function transferChoice(values: unknown): TransferChoice {
  const picked = (blockId: string, actionId: string): string | undefined => {
    const value = [blockId, actionId, 'selected_option', 'value'].reduce(member, values);
    return typeof value === 'string' && value ? value : undefined;
  };
  const agent = picked(TRANSFER_BLOCK.agent, TRANSFER_ELEMENT.agent);
  const businessUnit = picked(TRANSFER_BLOCK.businessUnit, TRANSFER_ELEMENT.businessUnit);
  return { ...(agent ? { agent } : {}), ...(businessUnit ? { businessUnit } : {}) };
}

/** view_submission `errors` (block id → text) when the choice is not exactly one target, else null. */
export function transferErrors(choice: TransferChoice): Record<string, string> | null {
  if (choice.agent && choice.businessUnit) return { [TRANSFER_BLOCK.agent]: TRANSFER_ERRORS.both };
  if (!choice.agent && !choice.businessUnit) return { [TRANSFER_BLOCK.agent]: TRANSFER_ERRORS.none };
  return null;
}

/** Quotes a name for the grammar; typographic quotes when the name itself holds a straight one. */
const quoted = (name: string): string => (name.includes('"') ? `“${name}”` : `"${name}"`);

/** `transfer C-1042 to ann@acme.test` or `transfer C-1042 to bu:"Customer Support"`; null unless exactly one was picked. */
export function transferCommand(ref: string, choice: TransferChoice): string | null {
  if (transferErrors(choice)) return null;
  return choice.agent ? `transfer ${ref} to ${choice.agent}` : `transfer ${ref} to bu:${quoted(choice.businessUnit!)}`;
}
