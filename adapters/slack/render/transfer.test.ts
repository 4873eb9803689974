// The Transfer modal and its submission: valid view, and a choice that becomes a command the grammar reads back.
import { parseCommand } from '../../../src/core/commands/grammar';
import type { TransferFormView } from '../../../src/core/views';
import type { InputBlock, StaticSelect } from './blocks';
import {
  OPTIONS_MAX,
  renderTransferModal,
  TRANSFER_ERRORS,
  transferChoice,
  transferCommand,
  transferErrors,
} from './transfer';
import { expectModalWithinLimits, expectWithinLimits, mrkdwnTexts } from './test-views';

const agent = (
  i: number,
  over: Partial<TransferFormView['agents'][number]> = {},
): TransferFormView['agents'][number] => ({
  email: `agent${i}@acme.test`,
  name: `Agent ${i}`,
  status: 'Online',
  load: '1 of 5',
  ...over,
});
const form = (over: Partial<TransferFormView> = {}): TransferFormView => ({
  ref: 'C-1042',
  agents: [agent(1, { name: 'Bob Stone', status: 'Busy', load: '3 of 5' })],
  businessUnits: ['Customer Support', 'Sales'],
  ...over,
});
const inputs = (f: TransferFormView) =>
  renderTransferModal(f, '{}').blocks.filter(
    (b): b is InputBlock & { element: StaticSelect } => b.type === 'input' && b.element.type === 'static_select',
  );

/** What Slack sends in view.state.values for the picks made. */
const stateValues = (agentEmail: string | null, bu: string | null) => ({
  transfer_agent: {
    agent: {
      type: 'static_select',
      selected_option: agentEmail ? { text: { type: 'plain_text', text: 'x' }, value: agentEmail } : null,
    },
  },
  transfer_bu: {
    bu: { type: 'static_select', selected_option: bu ? { text: { type: 'plain_text', text: bu }, value: bu } : null },
  },
});

describe('renderTransferModal', () => {
  it('is a modal with agent and business-unit pickers', () => {
    const view = renderTransferModal(form(), '{"channel":"D1"}');
    expectWithinLimits(view.blocks);
    expect(view).toMatchObject({
      type: 'modal',
      callback_id: 'convrs_transfer',
      private_metadata: '{"channel":"D1"}',
      title: { text: 'Transfer C-1042' },
      submit: { text: 'Transfer' },
      close: { text: 'Cancel' },
    });
    expect(mrkdwnTexts(view.blocks)).toEqual(['Pick an agent or a business unit.']);
    const [agents, units] = inputs(form());
    expect(agents).toMatchObject({
      block_id: 'transfer_agent',
      optional: true,
      element: { type: 'static_select', action_id: 'agent' },
    });
    expect(agents.element.options).toEqual([
      { text: { type: 'plain_text', text: 'Bob Stone · Busy · 3 of 5', emoji: true }, value: 'agent1@acme.test' },
    ]);
    expect(units).toMatchObject({ block_id: 'transfer_bu', optional: true, element: { action_id: 'bu' } });
    expect(units.element.options.map((o) => o.value)).toEqual(['Customer Support', 'Sales']);
  });

  it('keeps titles and option texts within Slack limits, and says when agents were left out', () => {
    const long = 'Maximilian Bartholomew Featherstonehaugh-Smythe the Third of Somewhere Far';
    const f = form({
      ref: 'cv_0123456789abcdef0123456789',
      agents: Array.from({ length: 130 }, (_, i) => agent(i, { name: `${long} ${i}` })),
    });
    const view = renderTransferModal(f, '');
    expectModalWithinLimits(view);
    expect(view.title.text.length).toBeLessThanOrEqual(24);
    const [agents] = inputs(f);
    expect(agents.element.options).toHaveLength(100);
    for (const o of agents.element.options) {
      expect(o.text.text.length).toBeLessThanOrEqual(75);
      expect(o.text.text).toMatch(/ · Online · 1 of 5$/);
    }
    expect(agents.hint?.text).toContain('Showing 100 of 130 agents');
  });

  it("cuts business units at Slack's 100 options and says so, with how to type another", () => {
    const units = Array.from({ length: 140 }, (_, i) => `Customer Support Region ${i} ${'Ü'.repeat(80)}`);
    const f = form({
      agents: Array.from({ length: 200 }, (_, i) => agent(i, { name: `Agent ${i} ${'ž'.repeat(90)}` })),
      businessUnits: units,
    });
    const view = renderTransferModal(f, JSON.stringify({ channel: 'C0123456789', thread: '1732439643.250000' }));
    expectModalWithinLimits(view);
    const [agents, bus] = inputs(f);
    expect(agents.element.options).toHaveLength(OPTIONS_MAX);
    expect(bus.element.options).toHaveLength(OPTIONS_MAX);
    expect(bus.element.options.map((o) => o.value)).toEqual(units.slice(0, OPTIONS_MAX));
    expect(agents.hint?.text).toBe(
      'Showing 100 of 200 agents; for another one type /convrs transfer C-1042 to <email>.',
    );
    expect(bus.hint?.text).toBe(
      'Showing 100 of 140 business units; for another one type /convrs transfer C-1042 to bu:"<name>".',
    );
  });

  it('counts options left out for an over-long value as not shown', () => {
    const f = form({ businessUnits: ['Sales', 'x'.repeat(151)] });
    const [, bus] = inputs(f);
    expectModalWithinLimits(renderTransferModal(f, ''));
    expect(bus.element.options.map((o) => o.value)).toEqual(['Sales']);
    expect(bus.hint?.text).toContain('Showing 1 of 2 business units');
  });

  it('says nothing about cutting when every option is shown', () => {
    const [agents, bus] = inputs(form());
    expect(agents.hint).toBeUndefined();
    expect(bus.hint).toBeUndefined();
  });

  it('has nothing to submit when there is no one to transfer to', () => {
    const view = renderTransferModal(form({ agents: [], businessUnits: [] }), '');
    expect(view.submit).toBeUndefined();
    expect(mrkdwnTexts(view.blocks)).toEqual(['No other agent or business unit is available.']);
  });
});

describe('transfer submission', () => {
  it('reads the picks from view.state.values', () => {
    expect(transferChoice(stateValues('ann@acme.test', null))).toEqual({ agent: 'ann@acme.test' });
    expect(transferChoice(stateValues(null, 'Sales'))).toEqual({ businessUnit: 'Sales' });
    expect(transferChoice(stateValues('ann@acme.test', 'Sales'))).toEqual({
      agent: 'ann@acme.test',
      businessUnit: 'Sales',
    });
    expect(transferChoice({})).toEqual({});
    expect(transferChoice(undefined)).toEqual({});
  });

  it.each([
    [stateValues('ann@acme.test', null), { kind: 'agent', value: 'ann@acme.test' }],
    [stateValues(null, 'Sales'), { kind: 'bu', value: 'Sales' }],
    [stateValues(null, 'Customer Support'), { kind: 'bu', value: 'Customer Support' }],
    [stateValues(null, 'The "A" Team'), { kind: 'bu', value: 'The "A" Team' }],
  ])('round-trips %#: the command parses back to the pick', (values, to) => {
    const command = transferCommand('C-1042', transferChoice(values));
    expect(command).not.toBeNull();
    expect(parseCommand(command!)).toEqual({ name: 'transfer', chat: 'C-1042', to });
  });

  it('builds the commands the terminal shows', () => {
    expect(transferCommand('C-1042', { agent: 'ann@acme.test' })).toBe('transfer C-1042 to ann@acme.test');
    expect(transferCommand('C-1042', { businessUnit: 'Customer Support' })).toBe(
      'transfer C-1042 to bu:"Customer Support"',
    );
  });

  it('refuses both or neither, with the error for the modal', () => {
    const both = transferChoice(stateValues('ann@acme.test', 'Sales'));
    expect(transferCommand('C-1042', both)).toBeNull();
    expect(transferErrors(both)).toEqual({ transfer_agent: TRANSFER_ERRORS.both });
    expect(transferCommand('C-1042', {})).toBeNull();
    expect(transferErrors({})).toEqual({ transfer_agent: TRANSFER_ERRORS.none });
    expect(transferErrors({ agent: 'ann@acme.test' })).toBeNull();
  });
});
