// Alerts: what happened to which chat, Supervise, and "I've got it" until someone claims it.
import { parseCommand } from '../../../src/core/commands/grammar';
import { actionKind, parseClaimValue } from './actions';
import { renderAlert } from './alert';
import { buttons, expectWithinLimits, mrkdwnTexts } from './test-views';

describe('renderAlert', () => {
  it('an open alert offers Supervise and a claim', () => {
    const { text, blocks } = renderAlert({
      kind: 'negative',
      ref: 'C-1042',
      text: 'Sentiment fell to -0.61: "this is <!channel> awful & slow"',
      claimedBy: null,
    });
    expectWithinLimits(blocks);
    expect(mrkdwnTexts(blocks)[0]).toBe(
      '*🔴 Negative sentiment* · *C-1042*\nSentiment fell to -0.61: "this is &lt;!channel&gt; awful &amp; slow"',
    );
    expect(text).toBe(
      '🔴 Negative sentiment · C-1042: Sentiment fell to -0.61: "this is &lt;!channel&gt; awful &amp; slow"',
    );
    const [supervise, suggest, claim] = buttons(blocks);
    expect(parseCommand(supervise.value!)).toEqual({ name: 'supervise', chat: 'C-1042' });
    expect(parseCommand(suggest.value!)).toEqual({ name: 'suggest', chat: 'C-1042' });
    expect(claim.text.text).toBe("I've got it");
    expect(actionKind(claim.action_id)).toBe('claim');
    expect(parseClaimValue(claim.value!)).toEqual({ ref: 'C-1042', kind: 'negative' });
  });

  it('a claimed alert says who has it and offers no claim', () => {
    const { blocks } = renderAlert({
      kind: 'inactive',
      ref: 'C-7',
      text: 'No message for 10 minutes',
      claimedBy: 'Sam <Boss>',
    });
    expectWithinLimits(blocks);
    expect(mrkdwnTexts(blocks)).toEqual([
      '*💤 Inactive* · *C-7*\nNo message for 10 minutes',
      'Claimed by Sam &lt;Boss&gt;',
    ]);
    expect(buttons(blocks).map((b) => actionKind(b.action_id))).toEqual(['command', 'command']);
  });
});
