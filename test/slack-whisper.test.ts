// Slack thread replies → whispers: exactly one SendWhisper with the author's email, ✅, the echo; nothing else.
import { waitFor } from './harness';
import {
  SLACK_USERS,
  dmOf,
  sendEvent,
  slash,
  startSlackHarness,
  textOf,
  threadReply,
  threadRoot,
  waitForResponse,
  type SlackHarness,
} from './slack-harness';

describe('Slack whispers from threads', () => {
  let h: SlackHarness;
  let ref: string;
  let conversationId: string;
  let samDm: string;
  let rootTs: string;
  const whispers = () => h.sim.commandLog.filter((c) => c.cmd === 'SendWhisper');

  beforeAll(async () => {
    h = await startSlackHarness();
    const conv = h.sim.control.startChat({ businessUnit: 'Sales', messages: 2 });
    conversationId = conv.conversationId;
    const chat = await waitFor('chat stored', () => h.app.store.chats.byConversationId(conv.conversationId));
    ref = chat.ref;
    // Two supervisors supervise the same chat: Sam (all BUs) and Sue (Sales).
    await waitForResponse(h, (await slash(h, SLACK_USERS.sam, `supervise ${ref}`)).responseId);
    await waitForResponse(h, (await slash(h, SLACK_USERS.sue, `supervise ${ref}`)).responseId);
    samDm = dmOf(SLACK_USERS.sam);
    rootTs = (await threadRoot(h, samDm, ref)).ts;
    await threadRoot(h, dmOf(SLACK_USERS.sue), ref);
  }, 30_000);
  afterAll(async () => h?.stopAll());

  it("a reply becomes one SendWhisper with the author email, gets ✅, and shows in the other supervisor's thread", async () => {
    const before = whispers().length;
    const event = threadReply(
      SLACK_USERS.sam,
      samDm,
      rootTs,
      'offer the <https://acme.test/refund|refund> &amp; apologise',
    );
    const { status } = await sendEvent(h, event);
    expect(status).toBe(200);
    await waitFor('whisper sent', () => whispers().length > before);
    const sent = whispers().slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0].params).toEqual({
      conversationId,
      text: 'offer the refund (https://acme.test/refund) & apologise',
      by: 'sam.boss@acme.test',
    });
    // Nothing customer-visible: the only Convrs command was the whisper.
    expect(h.sim.commandLog.slice(-1)[0].cmd).toBe('SendWhisper');
    const reaction = await waitFor('✅ reaction', () =>
      h.slack.callsOf('reactions.add', true).find((c) => c.body.timestamp === event.ts),
    );
    expect(reaction.body).toMatchObject({ channel: samDm, name: 'white_check_mark' });
    const sueDm = dmOf(SLACK_USERS.sue);
    const sueRoot = await threadRoot(h, sueDm, ref);
    const echo = await waitFor("echo in Sue's thread", () =>
      h.slack.posts(sueDm, sueRoot.ts).find((m) => textOf(m).includes('apologise')),
    );
    expect(textOf(echo)).toMatch(/Whisper from Sam Boss/);
    // The author's own thread does not get the echo (they wrote it there).
    await new Promise((r) => setTimeout(r, 800));
    expect(h.slack.posts(samDm, rootTs).filter((m) => textOf(m).includes('apologise'))).toHaveLength(0);
  }, 20_000);

  it('the same event redelivered (X-Slack-Retry-Num) and a duplicate delivery still make one whisper', async () => {
    const before = whispers().length;
    const event = threadReply(SLACK_USERS.sam, samDm, rootTs, 'check the order number first');
    const first = await sendEvent(h, event);
    await sendEvent(h, event, { eventId: first.eventId, retryNum: 1 });
    await sendEvent(h, event); // same message, new event id (Slack sometimes does this)
    await waitFor('whisper sent', () => whispers().length > before);
    await new Promise((r) => setTimeout(r, 1000));
    expect(whispers().length - before).toBe(1);
  }, 20_000);

  it('bot messages, edits, deletions and top-level channel messages never become whispers', async () => {
    const before = whispers().length;
    await sendEvent(h, threadReply(SLACK_USERS.sam, samDm, rootTs, 'from a bot', { bot_id: 'BOTHER01' }));
    await sendEvent(h, threadReply(SLACK_USERS.sam, samDm, rootTs, 'edited', { subtype: 'message_changed' }));
    await sendEvent(h, threadReply(SLACK_USERS.sam, samDm, rootTs, '', { subtype: 'message_deleted' }));
    await sendEvent(h, {
      ...threadReply(SLACK_USERS.sam, 'CGENERAL01', rootTs, 'hello channel'),
      thread_ts: undefined,
    });
    await new Promise((r) => setTimeout(r, 1500));
    expect(whispers().length).toBe(before);
  }, 20_000);

  it('a user without Supervise in that BU gets an ephemeral reason and nothing is sent', async () => {
    const other = h.sim.control.startChat({ businessUnit: 'Tech Support', messages: 1 });
    const chat = await waitFor('chat stored', () => h.app.store.chats.byConversationId(other.conversationId));
    await waitForResponse(h, (await slash(h, SLACK_USERS.sam, `watch bu:"Tech Support"`, 'CTECH0001')).responseId);
    const root = await threadRoot(h, 'CTECH0001', chat.ref);
    const before = whispers().length;
    await sendEvent(h, threadReply(SLACK_USERS.sue, 'CTECH0001', root.ts, 'let me help'));
    const why = await waitFor('ephemeral reason', () =>
      h.slack.ephemerals.find((e) => e.user === SLACK_USERS.sue && e.thread_ts === root.ts),
    );
    expect(textOf(why)).toMatch(/Whisper not sent.*Supervise/);
    await sendEvent(h, threadReply(SLACK_USERS.stranger, 'CTECH0001', root.ts, 'hi'));
    const unmapped = await waitFor('unmapped reason', () =>
      h.slack.ephemerals.find((e) => e.user === SLACK_USERS.stranger),
    );
    expect(textOf(unmapped)).toMatch(/not a Convrs agent/);
    expect(whispers().length).toBe(before);
  }, 20_000);
});
