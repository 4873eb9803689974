// A suggested whisper on Slack: a modal with the draft in a multiline input and a Send button (its submission goes
// the whisper path), or, where no trigger_id was at hand, a private message with the draft and "Edit and send".
import type { WhisperDraftView } from '../../../src/core/views';
import { ACTION, BUTTON_VALUE_MAX, CALLBACK } from './actions';
import { actions, context, plain, section, type Block, type Button, type Message, type ModalView } from './blocks';
import { BUTTON_TEXT_MAX, escapeMrkdwn, fallback, truncate } from './mrkdwn';

export const DRAFT_BLOCK = 'whisper_draft';
export const DRAFT_ELEMENT = 'text';
const MODAL_TITLE_MAX = 24;
/** Slack's limit on a plain_text_input's value (a whisper longer than this is not one to send anyway). */
const INPUT_MAX = 3000;
const REASON_MAX = 600;

/** private_metadata of the modal: which chat, and where the supervisor asked (the answer goes there). */
export interface DraftModalMeta {
  ref: string;
  destination: string;
  threadRootId: string | null;
}

export function renderWhisperDraftModal(draft: WhisperDraftView, meta: DraftModalMeta): ModalView {
  const blocks: Block[] = [
    context(escapeMrkdwn(truncate(draft.reason, REASON_MAX))),
    {
      type: 'input',
      block_id: DRAFT_BLOCK,
      label: plain(`Whisper to the agent on ${draft.ref}`),
      element: {
        type: 'plain_text_input',
        action_id: DRAFT_ELEMENT,
        multiline: true,
        initial_value: truncate(draft.text, INPUT_MAX),
        max_length: INPUT_MAX,
        focus_on_load: true,
      },
      hint: plain(
        'Only the agent sees it, never the customer. Edit it as you like; nothing is sent until you press Send.',
      ),
    },
  ];
  return {
    type: 'modal',
    callback_id: CALLBACK.whisperDraft,
    private_metadata: JSON.stringify(meta),
    title: plain(truncate(`Whisper ${draft.ref}`, MODAL_TITLE_MAX), MODAL_TITLE_MAX),
    submit: plain('Send'),
    close: plain('Cancel'),
    blocks,
  };
}

/** Opened at once (Slack's trigger lives 3 s; a model may take longer), then replaced by the draft (views.update). */
export function renderDraftingModal(ref: string): ModalView {
  return {
    type: 'modal',
    callback_id: CALLBACK.whisperDraft,
    title: plain(truncate(`Whisper ${ref}`, MODAL_TITLE_MAX), MODAL_TITLE_MAX),
    close: plain('Cancel'),
    blocks: [section(`💡 Drafting a whisper for ${escapeMrkdwn(ref)}…`)],
  };
}

/** What the modal shows when no draft came (a refusal, an error): the answer, and Close. */
export function renderModalNotice(ref: string, text: string): ModalView {
  return {
    type: 'modal',
    callback_id: CALLBACK.whisperDraft,
    title: plain(truncate(`Whisper ${ref}`, MODAL_TITLE_MAX), MODAL_TITLE_MAX),
    close: plain('Close'),
    blocks: [section(`⚠️ ${escapeMrkdwn(truncate(text, 2500))}`)],
  };
}

/** The edited text in a view_submission's `view.state.values` (blank when empty). */
export function draftText(values: unknown): string {
  const v = (values as Record<string, Record<string, { value?: unknown }>> | undefined)?.[DRAFT_BLOCK]?.[DRAFT_ELEMENT]
    ?.value;
  return typeof v === 'string' ? v.trim() : '';
}

/** The "Edit and send" button's value: the draft itself, so opening the modal needs no second draft. */
export function draftEditValue(draft: WhisperDraftView): string {
  const v = (text: string, reason: string) => JSON.stringify({ ref: draft.ref, text, reason });
  let value = v(draft.text, truncate(draft.reason, REASON_MAX));
  if (value.length > BUTTON_VALUE_MAX) value = v(truncate(draft.text, 1200), truncate(draft.reason, 200));
  return value.length > BUTTON_VALUE_MAX ? v(truncate(draft.text, 500), '') : value;
}

export function parseDraftEditValue(value: string): WhisperDraftView | null {
  try {
    const o = JSON.parse(value) as { ref?: unknown; text?: unknown; reason?: unknown };
    if (typeof o.ref !== 'string' || typeof o.text !== 'string') return null;
    return {
      ref: o.ref,
      text: o.text,
      reason: typeof o.reason === 'string' ? o.reason : '',
      situation: '',
      source: '',
    };
  } catch {
    return null;
  }
}

const editButton = (draft: WhisperDraftView): Button => ({
  type: 'button',
  text: plain('Edit and send', BUTTON_TEXT_MAX),
  action_id: ACTION.draftEdit,
  value: draftEditValue(draft),
  style: 'primary',
});

/** The draft as a private message, for where a modal could not be opened. */
export function renderDraftMessage(draft: WhisperDraftView): Message {
  const ref = escapeMrkdwn(draft.ref);
  return {
    text: fallback(`Suggested whisper for ${draft.ref}: ${draft.text}`),
    blocks: [
      section(`💡 *Suggested whisper for ${ref}*\n>${escapeMrkdwn(truncate(draft.text, 2500)).replace(/\n/g, '\n>')}`),
      context(escapeMrkdwn(truncate(draft.reason, REASON_MAX))),
      actions([editButton(draft)]),
    ],
  };
}
