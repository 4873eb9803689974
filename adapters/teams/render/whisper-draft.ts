// A suggested whisper on Teams: the reason, the draft in a multiline Input.Text to edit, and "Send whisper", whose
// submit carries the edited text to the whisper path like the live card's Whisper box (SUBMIT `whisper`).
import type { WhisperDraftView } from '../../../src/core/views';
import { randomBytes } from 'node:crypto';
import { INPUT, whisperSubmit } from './actions';
import { adaptiveCard, heading, subtle, type AdaptiveCard } from './adaptive';
import { escapeMarkdown, truncate } from './markdown';

/** A whisper is short; the box takes at most this much. */
const DRAFT_MAX = 2000;
const REASON_MAX = 600;

export function renderWhisperDraft(draft: WhisperDraftView): AdaptiveCard {
  return adaptiveCard(
    [
      heading(`💡 Suggested whisper for ${escapeMarkdown(draft.ref)}`),
      subtle(escapeMarkdown(truncate(draft.reason, REASON_MAX))),
      {
        type: 'Input.Text',
        id: INPUT.whisper,
        label: 'Whisper: only the agent sees it, never the customer. Edit it, then send.',
        value: truncate(draft.text, DRAFT_MAX),
        maxLength: DRAFT_MAX,
        isMultiline: true,
        isRequired: true,
        errorMessage: 'Type a whisper first.',
      },
    ],
    [whisperSubmit(draft.ref, randomBytes(12).toString('hex'))],
    `Suggested whisper for ${draft.ref}: ${truncate(draft.text, 200)}`,
  );
}
