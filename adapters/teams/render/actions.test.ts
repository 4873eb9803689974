// Card submits: every shape reads back to command text the shared grammar accepts, and bad or foreign values do not.
import { parseCommand } from '../../../src/core/commands/grammar';
import { anyCommandSubmit, chatActionSubmit, commandSubmit, SUBMIT_ERRORS, submitToCommand } from './actions';

const transferTo = (agent?: string, bu?: string) => ({ convrs: 1, action: 'transfer-to', chat: 'C-1042', agent, bu });
const commandOf = (value: unknown): string => {
  const outcome = submitToCommand(value);
  if (!outcome || !('command' in outcome)) throw new Error(`no command: ${JSON.stringify(outcome)}`);
  return outcome.command;
};

describe('submitToCommand', () => {
  it('ignores values that are not ours', () => {
    for (const v of [
      undefined,
      null,
      'finish C-1',
      42,
      {},
      { action: 'finish', chat: 'C-1' },
      { convrs: 2, command: 'help' },
      { convrs: '1', command: 'help' },
    ]) {
      expect(submitToCommand(v)).toBeNull();
    }
  });

  it('answers a malformed value of ours with an error instead of guessing', () => {
    for (const v of [
      { convrs: 1 },
      { convrs: 1, action: 'explode', command: 'help' },
      { convrs: 1, action: 'finish', chat: 'C-1' },
      { convrs: 1, action: 'whisper', chat: '"C-1' },
    ]) {
      expect(submitToCommand(v)).toEqual({ error: SUBMIT_ERRORS.stale });
    }
    expect(submitToCommand({ convrs: 1, action: 'finish', chat: 'C-1', command: '  ' })).toEqual({
      error: SUBMIT_ERRORS.stale,
    });
  });

  it('runs the command a button carries', () => {
    const finish = chatActionSubmit('finish', 'C-1042');
    expect(finish.data).toEqual({ convrs: 1, action: 'finish', chat: 'C-1042', command: 'finish C-1042' });
    expect(parseCommand(commandOf(finish.data))).toEqual({ name: 'finish', chat: 'C-1042', confirmed: false });
    const confirm = commandSubmit('Finish C-1042', {
      action: 'finish',
      chat: 'C-1042',
      command: 'finish C-1042 confirm',
    });
    expect(parseCommand(commandOf(confirm.data))).toEqual({ name: 'finish', chat: 'C-1042', confirmed: true });
    // Teams merges the card's inputs into every submit that does not opt out; extra keys change nothing.
    expect(commandOf({ ...chatActionSubmit('unsupervise', 'C-7').data, whisper: 'stray text' })).toBe(
      'unsupervise C-7',
    );
  });

  it.each([
    ['a plain sentence', 'please offer the refund'],
    ['quotes of every kind', 'say "sorry" and „danke“ and “thanks”'],
    ['line breaks', 'first check order 42\nthen refund\r\n\nthanks'],
    ['markup and filter words', 'to bu:Sales confirm page:2 <at>x</at> **bold**'],
  ])('round-trips a whisper with %s', (_, text) => {
    const command = commandOf({ convrs: 1, action: 'whisper', chat: 'C-1042', whisper: `  ${text}  ` });
    expect(parseCommand(command)).toEqual({ name: 'whisper', chat: 'C-1042', text });
  });

  it('refuses an empty whisper', () => {
    expect(submitToCommand({ convrs: 1, action: 'whisper', chat: 'C-1042', whisper: ' \n ' })).toEqual({
      error: SUBMIT_ERRORS.emptyWhisper,
    });
    expect(submitToCommand({ convrs: 1, action: 'whisper', chat: 'C-1042' })).toEqual({
      error: SUBMIT_ERRORS.emptyWhisper,
    });
  });

  it.each([
    [transferTo('ann@acme.test', ''), { kind: 'agent', value: 'ann@acme.test' }],
    [transferTo(undefined, 'Sales'), { kind: 'bu', value: 'Sales' }],
    [transferTo('', 'Customer Support'), { kind: 'bu', value: 'Customer Support' }],
    [transferTo('', 'The "A" Team'), { kind: 'bu', value: 'The "A" Team' }],
  ])('round-trips transfer pick %#', (value, to) => {
    expect(parseCommand(commandOf(value))).toEqual({ name: 'transfer', chat: 'C-1042', to });
  });

  it('builds the transfer commands the terminal shows', () => {
    expect(commandOf(transferTo('ann@acme.test'))).toBe('transfer C-1042 to ann@acme.test');
    expect(commandOf(transferTo('', 'Customer Support'))).toBe('transfer C-1042 to bu:"Customer Support"');
  });

  it('refuses both, neither, or a pick that cannot be written as a command', () => {
    expect(submitToCommand(transferTo('ann@acme.test', 'Sales'))).toEqual({ error: SUBMIT_ERRORS.transferBoth });
    expect(submitToCommand(transferTo('', ' '))).toEqual({ error: SUBMIT_ERRORS.transferNone });
    expect(submitToCommand(transferTo())).toEqual({ error: SUBMIT_ERRORS.transferNone });
    expect(submitToCommand(transferTo('bu:Sales'))).toEqual({ error: SUBMIT_ERRORS.badAgent });
    expect(submitToCommand(transferTo('ann lee@acme.test'))).toEqual({ error: SUBMIT_ERRORS.badAgent });
    expect(submitToCommand(transferTo('', 'A "B” C'))).toEqual({ error: SUBMIT_ERRORS.badBusinessUnit });
  });

  it("runs any command a generic command button carries (transfer-all, claim agent:, a row's Move)", () => {
    const all = anyCommandSubmit({
      label: 'Transfer all to Sales',
      command: 'transfer-all ann.lee@acme.test bu:"Sales" to bu:"Sales"',
      style: 'primary',
    });
    expect(all).toMatchObject({
      title: 'Transfer all to Sales',
      style: 'positive',
      associatedInputs: 'none',
      data: { convrs: 1, action: 'command' },
    });
    expect(parseCommand(commandOf(all.data))).toEqual({
      name: 'transfer-all',
      agent: 'ann.lee@acme.test',
      fromUnit: 'Sales',
      to: { kind: 'bu', value: 'Sales' },
    });
    expect(
      parseCommand(
        commandOf(
          anyCommandSubmit({ label: "I've got it", command: 'claim agent:ann.lee@acme.test bu:"Customer Support"' })
            .data,
        ),
      ),
    ).toEqual({ name: 'claim', agent: 'ann.lee@acme.test', businessUnit: 'Customer Support' });
    expect(
      commandOf({
        convrs: 1,
        action: 'command',
        command: ' transfer C-1042 to carla.diaz@acme.test ',
        whisper: 'stray',
      }),
    ).toBe('transfer C-1042 to carla.diaz@acme.test');
    expect(submitToCommand({ convrs: 1, action: 'command', command: '' })).toEqual({ error: SUBMIT_ERRORS.stale });
    expect(submitToCommand({ convrs: 1, action: 'command' })).toEqual({ error: SUBMIT_ERRORS.stale });
  });

  it('reads Cancel and alert claims as what they are, not as commands', () => {
    expect(submitToCommand({ convrs: 1, action: 'cancel', chat: 'C-1042' })).toEqual({
      cancelled: true,
      chat: 'C-1042',
    });
    expect(submitToCommand({ convrs: 1, action: 'claim', chat: 'C-1042', kind: 'inactive' })).toEqual({
      claim: { ref: 'C-1042', kind: 'inactive' },
    });
    expect(submitToCommand({ convrs: 1, action: 'claim', chat: 'urn:cv:9', kind: 'negative' })).toEqual({
      claim: { ref: 'urn:cv:9', kind: 'negative' },
    });
    expect(submitToCommand({ convrs: 1, action: 'claim', chat: 'C-1042', kind: 'other' })).toEqual({
      error: SUBMIT_ERRORS.stale,
    });
  });
});

describe('buttons', () => {
  it('label and style chat actions as the other surfaces do, and ignore the card inputs', () => {
    expect(chatActionSubmit('unsupervise', 'C-7')).toMatchObject({
      type: 'Action.Submit',
      title: 'Stop supervising',
      associatedInputs: 'none',
    });
    expect(chatActionSubmit('finish', 'C-7').style).toBe('destructive');
    expect(chatActionSubmit('supervise', 'C-7').style).toBe('positive');
    expect(chatActionSubmit('transfer', 'C-7')).not.toHaveProperty('style');
  });
});
