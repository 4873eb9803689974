// Action ids: every suffixed id maps back to its action, and command buttons carry text the shared grammar reads.
import { parseCommand } from '../../../src/core/commands/grammar';
import { ACTION, actionKind, chatActionButton, claimButton, commandButton, parseClaimValue } from './actions';
import { actions } from './blocks';

describe('actionKind', () => {
  it.each([
    ['convrs_cmd', 'command'],
    ['convrs_cmd_2', 'command'],
    ['convrs_cmd_17', 'command'],
    ['convrs_transfer_open', 'transferOpen'],
    ['convrs_cancel', 'cancel'],
    ['convrs_claim', 'claim'],
    ['convrs_claim_3', 'claim'],
    ['convrs_cmdx', null],
    ['convrs_cmd_', null],
    ['other_action', null],
    ['', null],
  ])('%j is %j', (id, kind) => expect(actionKind(id)).toBe(kind));

  it('recognises the ids actions() gives repeated command buttons in one block', () => {
    const block = actions([commandButton('A', 'help'), commandButton('B', 'help'), commandButton('C', 'help')]);
    expect(block.elements.map((e) => e.action_id)).toEqual(['convrs_cmd', 'convrs_cmd_2', 'convrs_cmd_3']);
    expect(block.elements.map((e) => actionKind(e.action_id))).toEqual(['command', 'command', 'command']);
  });
});

describe('command buttons', () => {
  it('carry the command as value and the style asked for', () => {
    expect(commandButton('Supervise', 'supervise C-1042', 'primary')).toEqual({
      type: 'button',
      text: { type: 'plain_text', text: 'Supervise', emoji: true },
      action_id: ACTION.command,
      value: 'supervise C-1042',
      style: 'primary',
    });
    expect(commandButton('Help', 'help')).not.toHaveProperty('style');
  });

  it('refuse a command Slack would cut', () => {
    expect(() => commandButton('x', `whisper C-1 ${'a'.repeat(2000)}`)).toThrow(RangeError);
  });

  it('chat actions parse back to the command they are labelled with', () => {
    expect(parseCommand(chatActionButton('supervise', 'C-7').value!)).toEqual({ name: 'supervise', chat: 'C-7' });
    expect(parseCommand(chatActionButton('unsupervise', 'C-7').value!)).toEqual({ name: 'unsupervise', chat: 'C-7' });
    expect(parseCommand(chatActionButton('transfer', 'C-7').value!)).toEqual({ name: 'transfer', chat: 'C-7' });
    expect(parseCommand(chatActionButton('finish', 'C-7').value!)).toEqual({
      name: 'finish',
      chat: 'C-7',
      confirmed: false,
    });
    expect(chatActionButton('finish', 'C-7').style).toBe('danger');
    expect(chatActionButton('unsupervise', 'C-7').text.text).toBe('Stop supervising');
  });
});

describe('claim values', () => {
  it('round-trip ref and kind', () => {
    const btn = claimButton({ ref: 'C-1042', kind: 'inactive' });
    expect(btn).toMatchObject({ action_id: 'convrs_claim', value: 'C-1042:inactive', text: { text: "I've got it" } });
    expect(parseClaimValue(btn.value!)).toEqual({ ref: 'C-1042', kind: 'inactive' });
    expect(parseClaimValue('urn:cv:9:negative')).toEqual({ ref: 'urn:cv:9', kind: 'negative' });
  });

  it.each(['C-1042', 'C-1042:other', ':negative', ''])('reject %j', (v) => expect(parseClaimValue(v)).toBeNull());
});
