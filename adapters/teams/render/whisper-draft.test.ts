// The Teams whisper-draft card: valid for the official Adaptive Cards parser, the draft pre-filled in a multiline
// Input.Text, and "Send whisper" submitting the edited text as a `whisper` command.
import { submitToCommand } from './actions';
import { renderReply } from './reply';
import { renderAlert } from './alert';
import { clickValue, elementsOf, expectValidCard, textsOf } from './test-cards';

const draft = {
  ref: 'C-1042',
  text: 'Ann, the customer asked twice about the refund. Answer that first.',
  situation: 'repeated question',
  source: 'template',
  reason: 'The customer asked the same thing twice (14:00 and 14:08). Drafted from the template.',
};

it('the reason, the draft in an editable box, and Send whisper sending the edited text', () => {
  const { card } = renderReply({ type: 'whisper-draft', draft });
  const submits = expectValidCard(card!);
  expect(textsOf(card!).join('\n')).toContain('asked the same thing twice');
  const box = elementsOf(card!).find((e) => e.type === 'Input.Text');
  expect(box).toMatchObject({ id: 'whisper', isMultiline: true, value: draft.text });
  expect(submits.map((s) => s.title)).toEqual(['Send whisper']);
  expect(submitToCommand(clickValue(card!, submits[0], 'Ann, answer the refund question first.'))).toEqual({
    command: 'whisper C-1042 Ann, answer the refund question first.',
    requestId: expect.stringMatching(/^teams-draft-[0-9a-f]{24}$/),
  });
  // Each draft card has its own key, so one draft's Send never suppresses another's.
  const again = renderReply({ type: 'whisper-draft', draft }).card!;
  const key = (c: typeof card) => JSON.stringify(c).match(/"draft":"([0-9a-f]+)"/)?.[1];
  expect(key(again)).not.toBe(key(card));
  expect(submitToCommand(clickValue(card!, submits[0], '  '))).toEqual({ error: 'Type a whisper in the box first.' });
});

it('a huge draft stays a valid card within the activity size', () => {
  expectValidCard(renderReply({ type: 'whisper-draft', draft: { ...draft, text: 'x'.repeat(9000) } }).card!);
});

it('alerts carry Suggest whisper, claimed or not', () => {
  for (const claimedBy of [null, 'Sam Boss']) {
    const submits = expectValidCard(renderAlert({ kind: 'inactive', ref: 'C-1042', text: 'Quiet 7 min', claimedBy }));
    expect(submits.map((s) => s.data)).toContainEqual({
      convrs: 1,
      action: 'suggest',
      chat: 'C-1042',
      command: 'suggest C-1042',
    });
  }
});
