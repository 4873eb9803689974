// The Slack whisper-draft modal and its message fallback: Block Kit limits, @slack/types' view shape, the edited text
// read back from a submission, and "Edit and send" carrying the draft to reopen the modal.
import type { types } from '@slack/bolt';
import type { WhisperDraftView } from '../../../src/core/views';
import { renderAlert, renderReply } from './index';
import {
  DRAFT_BLOCK,
  DRAFT_ELEMENT,
  draftEditValue,
  draftText,
  parseDraftEditValue,
  renderDraftingModal,
  renderModalNotice,
  renderWhisperDraftModal,
} from './whisper-draft';
import { expectModalWithinLimits, expectWithinLimits } from './test-views';

const draft = (over: Partial<WhisperDraftView> = {}): WhisperDraftView => ({
  ref: 'C-1042',
  text: 'Ann, the customer is upset about the refund. Acknowledge it & offer one next step.',
  situation: 'negative customer',
  source: 'template',
  reason: "The customer's sentiment is negative (-0.62). Drafted from the template. Nothing is sent until you send it.",
  ...over,
});
const meta = { ref: 'C-1042', destination: 'D1', threadRootId: '1700.1' };

describe('the modal', () => {
  it('a multiline input pre-filled with the draft, the reason above it, Send and Cancel', () => {
    const view = renderWhisperDraftModal(draft(), meta);
    // The shape Slack's own types accept for views.open.
    const typed: types.ModalView = view;
    expect(typed.callback_id).toBe('convrs_whisper_draft');
    expect(JSON.parse(view.private_metadata!)).toEqual(meta);
    expect(view.submit?.text).toBe('Send');
    expect(view.blocks[0]).toMatchObject({ type: 'context', elements: [{ text: expect.stringContaining('-0.62') }] });
    expect(view.blocks[1]).toMatchObject({
      type: 'input',
      block_id: DRAFT_BLOCK,
      element: {
        type: 'plain_text_input',
        action_id: DRAFT_ELEMENT,
        multiline: true,
        initial_value: draft().text,
      },
    });
    expectModalWithinLimits(view);
  });

  it('a huge draft and reason stay within the limits', () => {
    expectModalWithinLimits(renderWhisperDraftModal(draft({ text: 'x'.repeat(9000), reason: 'y'.repeat(9000) }), meta));
  });

  it('reads the edited text of a submission; blank is empty', () => {
    expect(draftText({ [DRAFT_BLOCK]: { [DRAFT_ELEMENT]: { type: 'plain_text_input', value: '  new text ' } } })).toBe(
      'new text',
    );
    expect(draftText({ [DRAFT_BLOCK]: { [DRAFT_ELEMENT]: { value: null } } })).toBe('');
    expect(draftText(undefined)).toBe('');
  });
});

describe('the message fallback', () => {
  it('shows the draft and the reason, with "Edit and send" carrying the draft', () => {
    const { text, blocks } = renderReply({ type: 'whisper-draft', draft: draft() });
    expect(text).toContain('Suggested whisper for C-1042');
    expectWithinLimits(blocks);
    const button = (blocks.at(-1) as { elements: { action_id: string; value: string }[] }).elements[0];
    expect(button.action_id).toBe('convrs_draft_edit');
    expect(parseDraftEditValue(button.value)).toMatchObject({ ref: 'C-1042', text: draft().text });
  });

  it('a draft too long for a button value is cut, never dropped', () => {
    const value = draftEditValue(draft({ text: 'x'.repeat(5000), reason: 'y'.repeat(5000) }));
    expect(value.length).toBeLessThanOrEqual(2000);
    expect(parseDraftEditValue(value)?.text.length).toBeGreaterThan(400);
    expect(parseDraftEditValue('not json')).toBeNull();
  });
});

it('alerts carry Suggest whisper next to Supervise', () => {
  for (const claimedBy of [null, 'Sam Boss']) {
    const { blocks } = renderAlert({ kind: 'negative', ref: 'C-1042', text: 'Sentiment -0.62', claimedBy });
    const values = blocks.flatMap((b) => (b.type === 'actions' ? b.elements.map((e) => e.value) : []));
    expect(values).toContain('suggest C-1042');
  }
});

it('the Drafting… modal and a refusal in the modal are modals Slack takes, without Send', () => {
  for (const view of [renderDraftingModal('C-1042'), renderModalNotice('C-1042', 'x'.repeat(5000))]) {
    const typed: types.ModalView = view;
    expect(typed.submit).toBeUndefined();
    expectModalWithinLimits(view);
  }
});
