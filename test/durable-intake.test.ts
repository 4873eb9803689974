// Durable surface intake (issue #15 point 3): a Slack or Teams request is stored (surface_inbox, by the platform's own
// id) before it is acknowledged; a redelivery is stored and worked once; a request the database did not take is not
// acknowledged, so the platform retries it.
import { waitFor } from './harness';
import {
  SLACK_USERS,
  dmOf,
  sendEvent,
  slash,
  startSlackHarness,
  threadReply,
  threadRoot,
  waitForResponse,
  type SlackHarness,
} from './slack-harness';
import {
  TEAMS_USERS,
  installPersonal,
  personalConversation,
  personalMessage,
  postActivity,
  startTeamsHarness,
  textOfActivity,
  type TeamsHarness,
} from './teams-harness';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Slack: thread replies are stored before the 200', () => {
  let h: SlackHarness;
  let rootTs: string;
  let samDm: string;
  const whispers = () => h.sim.commandLog.filter((c) => c.cmd === 'SendWhisper');

  beforeAll(async () => {
    h = await startSlackHarness();
    const conv = h.sim.control.startChat({ businessUnit: 'Sales', messages: 2 });
    const chat = await waitFor('chat stored', () => h.app.store.chats.byConversationId(conv.conversationId));
    await waitForResponse(h, (await slash(h, SLACK_USERS.sam, `supervise ${chat.ref}`)).responseId);
    samDm = dmOf(SLACK_USERS.sam);
    rootTs = (await threadRoot(h, samDm, chat.ref)).ts;
  }, 30_000);
  afterAll(async () => h?.stopAll());

  it('a reply is in surface_inbox when Slack gets its 200, and is worked from there (marked done)', async () => {
    const event = threadReply(SLACK_USERS.sam, samDm, rootTs, 'durable one');
    const { status } = await sendEvent(h, event);
    expect(status).toBe(200);
    const rows = await h.app.store.surfaceInbox.unprocessed(new Date(Date.now() + 60_000), 100);
    const stored = (await h.app.store.surfaceInbox.get(Math.max(0, ...rows.map((r) => r.id)))) ?? null;
    // Either still waiting for its job or already worked: stored in both cases, keyed by channel and ts.
    const key = `slack|thread-reply|${SLACK_USERS.sam}|${samDm}|${samDm}:${event.ts}`;
    await waitFor('whisper sent', () => whispers().some((w) => w.params.text === 'durable one'));
    const again = await h.app.store.surfaceInbox.accept(key, '{}');
    expect(again.fresh).toBe(false);
    await waitFor('row marked done', async () => (await h.app.store.surfaceInbox.get(again.id))?.processedAt);
    expect(stored === null || JSON.parse(stored.payload).kind === 'thread-reply').toBe(true);
  }, 20_000);

  it('a retry with the same event id, after the first was worked, whispers once', async () => {
    const event = threadReply(SLACK_USERS.sam, samDm, rootTs, 'retried once');
    const first = await sendEvent(h, event);
    expect(first.status).toBe(200);
    await waitFor('whisper sent', () => whispers().some((w) => w.params.text === 'retried once'));
    await sleep(300);
    expect((await sendEvent(h, event, { eventId: first.eventId, retryNum: 1 })).status).toBe(200);
    expect((await sendEvent(h, event)).status).toBe(200);
    await sleep(1500);
    expect(whispers().filter((w) => w.params.text === 'retried once')).toHaveLength(1);
  }, 20_000);

  it('a reply the database does not take is not acknowledged (Slack retries it) and works once it is taken', async () => {
    const store = h.app.store.surfaceInbox;
    const accept = store.accept.bind(store);
    store.accept = async () => {
      throw new Error('database is down');
    };
    const event = threadReply(SLACK_USERS.sam, samDm, rootTs, 'after the outage');
    const refused = await sendEvent(h, event);
    store.accept = accept;
    expect(refused.status).toBeGreaterThanOrEqual(500);
    await sleep(500);
    expect(whispers().filter((w) => w.params.text === 'after the outage')).toHaveLength(0);
    expect((await sendEvent(h, event, { eventId: refused.eventId, retryNum: 1 })).status).toBe(200);
    await waitFor('whisper sent on the retry', () => whispers().some((w) => w.params.text === 'after the outage'));
    expect(whispers().filter((w) => w.params.text === 'after the outage')).toHaveLength(1);
  }, 20_000);
});

describe('Teams: the same activity id delivered twice is worked once', () => {
  let h: TeamsHarness;
  const { sam } = TEAMS_USERS;

  beforeAll(async () => {
    h = await startTeamsHarness();
    expect((await postActivity(h, installPersonal(h, sam))).status).toBeLessThan(300);
  }, 30_000);
  afterAll(async () => h?.stopAll());

  const helpAnswers = () =>
    h.connector
      .postsIn(personalConversation(sam))
      .filter(
        (p) =>
          /supervise/i.test(textOfActivity(h.connector.latest(p))) &&
          /unwatch/i.test(textOfActivity(h.connector.latest(p))),
      );

  it('answers a redelivered command once, even after the first was answered', async () => {
    await sleep(1000);
    const before = helpAnswers().length;
    const activity = personalMessage(h, sam, 'help');
    expect((await postActivity(h, activity)).status).toBeLessThan(300);
    await waitFor('help answered', () => helpAnswers().length > before);
    await sleep(800);
    expect((await postActivity(h, activity)).status).toBeLessThan(300);
    await sleep(1500);
    expect(helpAnswers().length).toBe(before + 1);
  }, 20_000);

  it('answers 5xx when the database does not take the activity', async () => {
    const store = h.app.store.surfaceInbox;
    const accept = store.accept.bind(store);
    store.accept = async () => {
      throw new Error('database is down');
    };
    try {
      expect((await postActivity(h, personalMessage(h, sam, 'open'))).status).toBeGreaterThanOrEqual(500);
    } finally {
      store.accept = accept;
    }
  }, 20_000);
});
