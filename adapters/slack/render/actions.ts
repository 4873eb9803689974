// Action ids, callback ids and button builders shared by the renderers and the Slack receiver.
import type { ChatAction, ChatAlertView } from '../../../src/core/views';
import { plain, type Button } from './blocks';
import { BUTTON_TEXT_MAX } from './mrkdwn';

export const ACTION = {
  command: 'convrs_cmd',
  transferOpen: 'convrs_transfer_open',
  cancel: 'convrs_cancel',
  claim: 'convrs_claim',
  /** Opens the whisper-draft modal from a draft sent as a message (where no trigger_id was at hand). */
  draftEdit: 'convrs_draft_edit',
} as const;
export const CALLBACK = {
  transferModal: 'convrs_transfer',
  shortcut: 'convrs_chat_actions',
  whisperDraft: 'convrs_whisper_draft',
} as const;
export const TRANSFER_BLOCK = { agent: 'transfer_agent', businessUnit: 'transfer_bu' } as const;
export const TRANSFER_ELEMENT = { agent: 'agent', businessUnit: 'bu' } as const;

/** Slack's limit on a button's `value`. */
export const BUTTON_VALUE_MAX = 2000;

export type ActionKind = keyof typeof ACTION;
const KIND_BY_ID = new Map(Object.entries(ACTION).map(([kind, id]) => [id as string, kind as ActionKind]));

/** Which action a (possibly suffixed, e.g. convrs_cmd_2) action_id is. */
export function actionKind(actionId: string): ActionKind | null {
  return KIND_BY_ID.get(actionId) ?? KIND_BY_ID.get(actionId.replace(/_\d+$/, '')) ?? null;
}

const button = (label: string, actionId: string, value: string, style?: 'primary' | 'danger'): Button => ({
  type: 'button',
  text: plain(label, BUTTON_TEXT_MAX),
  action_id: actionId,
  value,
  ...(style ? { style } : {}),
});

/** A button whose click runs `command` (shared grammar, e.g. "supervise C-1042") as if typed. */
export function commandButton(label: string, command: string, style?: 'primary' | 'danger'): Button {
  // A cut command would run something else than its label says, so an over-long one is a bug, not a display matter.
  if (command.length > BUTTON_VALUE_MAX)
    throw new RangeError(`button command longer than ${BUTTON_VALUE_MAX} characters`);
  return button(label, ACTION.command, command, style);
}

const CHAT_ACTION_LABEL: Record<ChatAction, string> = {
  supervise: 'Supervise',
  unsupervise: 'Stop supervising',
  transfer: 'Transfer',
  finish: 'Finish',
  suggest: 'Suggest whisper',
};
const CHAT_ACTION_STYLE: Partial<Record<ChatAction, 'primary' | 'danger'>> = { supervise: 'primary', finish: 'danger' };

/** The button for a card or list action on one chat: `transfer C-1042` asks for the target, `finish C-1042` for confirmation. */
export function chatActionButton(action: ChatAction, ref: string): Button {
  return commandButton(CHAT_ACTION_LABEL[action], `${action} ${ref}`, CHAT_ACTION_STYLE[action]);
}

/** Dismisses a form or confirmation message; the value names the chat it was about. */
export const cancelButton = (ref: string): Button => button('Cancel', ACTION.cancel, ref);

/** Opens the transfer modal for a chat (for messages answered where no trigger_id was at hand). */
export const transferOpenButton = (ref: string): Button => button('Choose agent or team…', ACTION.transferOpen, ref);

export const claimButton = (alert: Pick<ChatAlertView, 'ref' | 'kind'>): Button =>
  button("I've got it", ACTION.claim, `${alert.ref}:${alert.kind}`);

/** Reads a `convrs_claim` button value back; refs never contain ':' but a Convrs conversation id might, so split at the last one. */
export function parseClaimValue(value: string): Pick<ChatAlertView, 'ref' | 'kind'> | null {
  const at = value.lastIndexOf(':');
  const ref = value.slice(0, at);
  const kind = value.slice(at + 1);
  return at > 0 && (kind === 'negative' || kind === 'inactive') ? { ref, kind } : null;
}
