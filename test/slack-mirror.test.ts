// Slack mirroring end to end: Convrs simulator → webhook → queue → SlackSurface → fake Slack Web API.
import { waitFor } from './harness';
import {
  SLACK_USERS,
  WALL,
  dmOf,
  postToSlackEndpoint,
  sign,
  slash,
  startSlackHarness,
  textOf,
  threadRoot,
  waitForResponse,
  type SlackHarness,
} from './slack-harness';

/** Texts of all replies in a thread, in posting order, as one string per post (blocks only: `text` is the notification fallback). */
const repliesIn = (h: SlackHarness, channel: string, rootTs: string) =>
  h.slack.posts(channel, rootTs).map((m) => textOf({ blocks: m.blocks }));

/** The `tag-NNN` markers in posting order (each post may carry several lines). */
const markers = (texts: string[]) => texts.flatMap((t) => [...t.matchAll(/tag-\d{3}/g)].map((m) => m[0]));

describe('Slack mirroring', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    // Over HTTP even with TEST_SLACK_SOCKET_MODE: the first test checks request signatures.
    h = await startSlackHarness({
      socketMode: false,
      duplicateRate: 0.5,
      shuffleWindowMs: 40,
      env: { REORDER_WINDOW_MS: '1500' },
    });
  });
  afterAll(async () => h?.stopAll());

  it('rejects requests with a wrong or stale signature (401) and accepts signed ones', async () => {
    const body = JSON.stringify({ type: 'url_verification', challenge: 'abc', token: 'x' });
    const forged = await fetch(`${h.app.url}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...sign(body, undefined, 'wrong-secret') },
      body,
    });
    expect(forged.status).toBe(401);
    const stale = await fetch(`${h.app.url}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...sign(body, Math.floor(Date.now() / 1000) - 600) },
      body,
    });
    expect(stale.status).toBe(401);
    const unsigned = await fetch(`${h.app.url}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(unsigned.status).toBe(401);
    const ok = await postToSlackEndpoint(h, body, 'application/json');
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('abc');
  });

  it('supervise opens a personal thread in the DM: the card with its buttons, then the recent history', async () => {
    const conv = h.sim.control.startChat({ businessUnit: 'Customer Support', messages: 0 });
    h.sim.control.say(conv.conversationId, 'customer', 'My parcel <never> arrived & I am upset');
    await h.sim.flush();
    const chat = await waitFor('chat stored', () => h.app.store.chats.byConversationId(conv.conversationId));
    await waitFor('message stored', async () =>
      (await h.app.store.messages.recent(chat.id, 50)).some((m) => m.text.includes('parcel')),
    );
    const { status, responseId } = await slash(h, SLACK_USERS.sam, `supervise ${chat.ref}`);
    expect(status).toBe(200);
    const answer = await waitForResponse(h, responseId);
    expect(textOf(answer)).toContain(`Supervising ${chat.ref}`);
    expect(answer.response_type).toBe('ephemeral');

    const dm = dmOf(SLACK_USERS.sam);
    const root = await threadRoot(h, dm, chat.ref);
    const card = textOf(root);
    expect(card).toContain(chat.customerName);
    expect(card).toContain('Customer Support');
    const buttons = (root.blocks ?? []).flatMap((b: any) => b.elements ?? []).filter((e: any) => e.type === 'button');
    expect(buttons.map((b: any) => b.value)).toEqual([
      `suggest ${chat.ref}`,
      `transfer ${chat.ref}`,
      `finish ${chat.ref}`,
      `unsupervise ${chat.ref}`,
    ]);
    const lines = await waitFor('history in the thread', () => {
      const t = repliesIn(h, dm, root.ts).join('\n');
      return t.includes('parcel') ? t : undefined;
    });
    // Customer text is escaped: no Slack markup or mentions can be smuggled in.
    expect(lines).toContain('&lt;never&gt;');
    expect(lines).toContain('&amp;');
    expect(h.slack.callsOf('conversations.open', true).length).toBeGreaterThan(0);
  });

  it('watch bu mirrors 50 messages with duplicates and shuffled delivery exactly once, in Convrs order', async () => {
    const { responseId } = await slash(h, SLACK_USERS.sam, 'watch bu:Sales', WALL);
    expect(textOf(await waitForResponse(h, responseId))).toContain('Watching Sales');
    const conv = h.sim.control.startChat({ businessUnit: 'Sales', messages: 0 });
    const chat = await waitFor('chat stored', () => h.app.store.chats.byConversationId(conv.conversationId));
    const root = await threadRoot(h, WALL, chat.ref);
    const sent: string[] = [];
    for (let i = 1; i <= 50; i++) {
      const tag = `tag-${String(i).padStart(3, '0')}`;
      h.sim.control.say(conv.conversationId, i % 3 ? 'customer' : 'agent', `${tag} hello`);
      sent.push(tag);
    }
    await h.sim.flush();
    expect(h.sim.stats.duplicatesSent).toBeGreaterThan(0);
    const got = await waitFor(
      'all 50 lines in the wall thread',
      () => {
        const m = markers(repliesIn(h, WALL, root.ts));
        return m.length >= 50 ? m : undefined;
      },
      30_000,
    );
    await new Promise((r) => setTimeout(r, 500));
    expect(markers(repliesIn(h, WALL, root.ts))).toEqual(sent);
    expect(got).toEqual(sent);
    // One card per chat in the wall, never two.
    expect(h.slack.posts(WALL).filter((m) => !m.thread_ts && textOf(m).includes(chat.ref))).toHaveLength(1);
  }, 40_000);

  it('a burst into a rate-limited channel loses nothing, combines lines and does not loop on 429', async () => {
    h.slack.rate = { perSecond: 1, burst: 3 };
    const conv = h.sim.control.startChat({ businessUnit: 'Sales', messages: 0 });
    const chat = await waitFor('chat stored', () => h.app.store.chats.byConversationId(conv.conversationId));
    const root = await threadRoot(h, WALL, chat.ref);
    // Slack answers the next post with 429 Retry-After: 1 on top of the channel budget.
    h.slack.failNext('chat.postMessage', 1, 429);
    const limitedBefore = h.slack.rateLimited;
    const sent: string[] = [];
    for (let i = 1; i <= 30; i++) {
      const tag = `tag-${String(100 + i).padStart(3, '0')}`;
      h.sim.control.say(conv.conversationId, 'customer', `${tag} where is my order`);
      sent.push(tag);
    }
    await h.sim.flush();
    const got = await waitFor(
      'all 30 lines',
      () => {
        const m = markers(repliesIn(h, WALL, root.ts));
        return m.length >= 30 ? m : undefined;
      },
      30_000,
    );
    expect(got).toEqual(sent);
    const posts = h.slack.posts(WALL, root.ts).length;
    expect(posts).toBeLessThan(30);
    expect(h.slack.rateLimited - limitedBefore).toBeLessThanOrEqual(3);
    h.slack.rate = null;
  }, 40_000);

  it('a channel the bot was removed from stops that thread instead of retrying forever', async () => {
    const channel = 'CGONE0001';
    await slash(h, SLACK_USERS.sam, 'watch bu:"Tech Support"', channel);
    h.slack.failChannel(channel, 'not_in_channel');
    const conv = h.sim.control.startChat({ businessUnit: 'Tech Support', messages: 1 });
    const chat = await waitFor('chat stored', () => h.app.store.chats.byConversationId(conv.conversationId));
    const thread = await waitFor(
      'thread closed after not_in_channel',
      async () => (await h.app.store.threads.forChat(chat.id)).find((t) => t.destination === channel && !t.active),
      15_000,
    );
    expect(thread.active).toBe(false);
    const attempts = h.slack.calls.filter((c) => c.body.channel === channel && c.method === 'chat.postMessage').length;
    await new Promise((r) => setTimeout(r, 1500));
    expect(h.slack.calls.filter((c) => c.body.channel === channel && c.method === 'chat.postMessage').length).toBe(
      attempts,
    );
    h.slack.failChannel(channel, null);
  }, 30_000);
});
