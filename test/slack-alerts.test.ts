// Alerts in Slack: posted to the watching channel and SLACK_ALERTS_CHANNEL with Supervise and "I've got it";
// a claim edits every copy and a second claimer is told who has it.
import { waitFor } from './harness';
import {
  SLACK_USERS,
  WALL,
  buttonsOf,
  clickButton,
  slash,
  startSlackHarness,
  textOf,
  waitForResponse,
  type SlackHarness,
} from './slack-harness';

describe('Slack alerts', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness({
      env: { SLACK_ALERTS_CHANNEL: 'CALERTS01', INACTIVITY_MINUTES: '0.02', SCORE_DEBOUNCE_SECONDS: '1' },
    });
    await waitForResponse(h, (await slash(h, SLACK_USERS.sam, 'watch bu:Sales', WALL)).responseId);
  }, 30_000);
  afterAll(async () => h?.stopAll());

  const alertsIn = (channel: string, ref: string) =>
    h.slack
      .posts(channel)
      .filter((m) => !m.thread_ts && /Inactive|Negative/.test(m.text ?? '') && (m.text ?? '').includes(ref));

  it('a quiet chat alerts the watching channel and the alerts channel once; a claim shows on both', async () => {
    const conv = h.sim.control.startChat({ businessUnit: 'Sales', messages: 1 });
    const chat = await waitFor('chat stored', () => h.app.store.chats.byConversationId(conv.conversationId));
    const [wall, central] = await waitFor(
      'alert in both channels',
      () => {
        const a = alertsIn(WALL, chat.ref);
        const b = alertsIn('CALERTS01', chat.ref);
        return a.length && b.length ? [a[0], b[0]] : undefined;
      },
      15_000,
    );
    const claim = buttonsOf(wall.blocks).find((b) => b.text === "I've got it")!;
    expect(buttonsOf(wall.blocks).map((b) => b.value)).toContain(`supervise ${chat.ref}`);
    await clickButton(h, SLACK_USERS.sue, claim, { channel: WALL, messageTs: wall.ts });
    await waitFor('both copies show the claim', () =>
      [wall, central].every((m) => textOf(m).includes('Claimed by Sue Sales')),
    );
    expect(buttonsOf(wall.blocks).some((b) => b.text === "I've got it")).toBe(false);
    await clickButton(h, SLACK_USERS.sam, claim, { channel: 'CALERTS01', messageTs: central.ts });
    const told = await waitFor('second claimer told', () =>
      h.slack.ephemerals.find((e) => e.user === SLACK_USERS.sam && textOf(e).includes('Sue Sales already has')),
    );
    expect(told.channel).toBe('CALERTS01');
    await new Promise((r) => setTimeout(r, 1500));
    expect(alertsIn(WALL, chat.ref)).toHaveLength(1);
  }, 30_000);
});
