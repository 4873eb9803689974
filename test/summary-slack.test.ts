// Summaries in Slack end to end: `/convrs summary` after `supervise` answers with the points, each time a permalink
// (chat.getPermalink) to the reply in the DM thread that carried its line; a negative alert in a watching channel
// carries the summary linked to that channel's thread (the alerts channel, which has no thread, unlinked), also after a claim.
import { waitFor } from './harness';
import {
  SLACK_USERS,
  WALL,
  ask,
  buttonsOf,
  clickButton,
  dmOf,
  startSlackHarness,
  textOf,
  threadRoot,
  type SlackHarness,
} from './slack-harness';

const { sam, sue } = SLACK_USERS;
const GENERAL = 'CGENERAL01';
const ALERTS = 'CALERTS01';
/** A calm first line (a negative one would raise the alert before the story starts). */
const OPENER = 'Hello, I have a question about my order 4411';
/** A linked time in Slack mrkdwn: <permalink|HH:MM> (the permalink's & escaped as &amp;). */
const LINKED_TIME =
  /<(https:\/\/acme\.slack\.com\/archives\/([A-Z0-9]+)\/p(\d+)\?thread_ts=([\d.]+)&amp;cid=([A-Z0-9]+))\|(\d\d:\d\d)>/g;

describe('Slack summaries', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness({
      env: { SCORE_DEBOUNCE_SECONDS: '1', INACTIVITY_MINUTES: '60', SLACK_ALERTS_CHANNEL: ALERTS },
    });
    await ask(h, sam, 'watch bu:Sales', WALL);
  }, 30_000);
  afterAll(async () => h?.stopAll());

  async function chatWith(
    lines: Array<['customer' | 'agent', string]>,
    opener = 'Hi, my parcel never arrived and I need it by Friday',
  ) {
    const conv = h.sim.control.startChat({ businessUnit: 'Sales', agentEmail: 'ann.lee@acme.test', opener });
    for (const [role, text] of lines) h.sim.control.say(conv.conversationId, role, text);
    await h.sim.flush();
    return waitFor('chat stored', () => h.app.store.chats.byConversationId(conv.conversationId));
  }
  /** Replies in a thread whose text includes `text`. */
  const repliesWith = (channel: string, rootTs: string, text: string) =>
    h.slack.posts(channel, rootTs).filter((m) => textOf(m).includes(text));
  /** The post a permalink points at: "p" + its ts without the dot. */
  const postOf = (channel: string, p: string) => h.slack.posts(channel).find((m) => m.ts.replace('.', '') === p);

  it("after supervise, each point's time links to the reply in the DM thread that carried its line", async () => {
    const chat = await chatWith([
      ['agent', "I'm sorry! I'll resend it today with express delivery."],
      ['customer', 'ok, thanks'],
    ]);
    await ask(h, sam, `supervise ${chat.ref}`);
    const root = await threadRoot(h, dmOf(sam), chat.ref);
    await waitFor('the lines in the DM thread', () => repliesWith(dmOf(sam), root.ts, 'ok, thanks').length > 0, 15_000);

    const answer = await ask(h, sam, `summary ${chat.ref}`, GENERAL);
    const shown = textOf(answer);
    expect(answer.blocks[0]).toMatchObject({ type: 'header', text: { text: `Summary of ${chat.ref}` } });
    const bullets = answer.blocks
      .filter((b: any) => b.type === 'section')
      .map((b: any) => b.text.text)
      .join('\n')
      .split('\n');
    expect(bullets.length).toBeGreaterThanOrEqual(2);
    expect(bullets.length).toBeLessThanOrEqual(5);
    const links = [...shown.matchAll(LINKED_TIME)];
    expect(links).toHaveLength(bullets.length); // every point linked
    const stored = await h.app.store.messages.recent(chat.id, 50);
    for (const [, , channel, p, threadTs, cid, time] of links) {
      expect({ channel, cid, threadTs }).toEqual({ channel: dmOf(sam), cid: dmOf(sam), threadTs: root.ts });
      const post = postOf(channel, p)!;
      expect(post.thread_ts).toBe(root.ts);
      // The linked reply carries a line stored at that time (HH:MM, UTC).
      const line = stored.find(
        (m) => m.at.toISOString().slice(11, 16) === time && textOf(post).includes(m.text.slice(0, 20)),
      );
      expect(line).toBeDefined();
    }
    expect(shown).toContain("Ann Lee promised: “I'm sorry!");
    expect(answer.blocks.at(-1)).toMatchObject({
      type: 'context',
      elements: [{ text: 'Extractive summary · Times are UTC.' }],
    });
    expect(h.slack.callsOf('chat.getPermalink', true).length).toBeGreaterThanOrEqual(bullets.length);
  }, 40_000);

  it('without a thread of the chat, the points are shown with plain times', async () => {
    const chat = await chatWith([
      ['agent', "I'll check the tracking."],
      ['customer', 'thank you'],
    ]);
    await waitFor('lines stored', async () =>
      (await h.app.store.messages.recent(chat.id, 20)).some((m) => m.text === 'thank you'),
    );
    const answer = await ask(h, sue, `summary ${chat.ref}`, GENERAL);
    const shown = textOf(answer);
    expect(shown).toMatch(/\(\d\d:\d\d\)/);
    // Sue has no thread of it, and asked outside the watched channel: nothing to link to.
    expect(shown).not.toContain('https://acme.slack.com');
  }, 30_000);

  it("a negative alert carries the summary, linked to the channel's own thread; still there after a claim", async () => {
    const chat = await chatWith([['agent', 'Let me look into it.']], OPENER);
    // The chat card (not an alert that names the chat) is the root of the wall's thread.
    const wallRoot = await waitFor(
      'the wall thread',
      () =>
        h.slack
          .posts(WALL)
          .find((m) => m.metadata?.event_type === 'convrs_thread' && m.metadata.event_payload?.chat === chat.ref),
      15_000,
    );
    await waitFor('the opener on the wall', () => repliesWith(WALL, wallRoot.ts, OPENER).length > 0, 20_000);
    h.sim.control.say(chat.conversationId, 'customer', 'This is terrible and unacceptable, I want my money back NOW!!');
    const isAlert = (m: { thread_ts?: string; text?: string }) =>
      !m.thread_ts && /Negative/.test(m.text ?? '') && (m.text ?? '').includes(chat.ref);
    const alert = await waitFor('negative alert on the wall', () => h.slack.posts(WALL).find(isAlert), 20_000);
    const central = await waitFor('negative alert in the alerts channel', () => h.slack.posts(ALERTS).find(isAlert));
    const wallText = textOf(alert);
    expect(wallText).toContain(`• Asked: “${OPENER}”`);
    const links = [...wallText.matchAll(LINKED_TIME)];
    expect(links.length).toBeGreaterThanOrEqual(1);
    for (const [, , channel, p, threadTs] of links) {
      expect({ channel, threadTs }).toEqual({ channel: WALL, threadTs: wallRoot.ts });
      expect(postOf(WALL, p)?.thread_ts).toBe(wallRoot.ts);
    }
    // The alerts channel mirrors no chat: the same points, unlinked.
    expect(textOf(central)).toContain('• Asked:');
    expect(textOf(central)).not.toContain('https://acme.slack.com');

    const claim = buttonsOf(alert.blocks).find((b) => b.text === "I've got it")!;
    await clickButton(h, sue, claim, { channel: WALL, messageTs: alert.ts });
    await waitFor('the claim shown', () => textOf(alert).includes('Claimed by Sue Sales'));
    expect(textOf(alert)).toContain(`• Asked: “${OPENER}”`);
    // Re-rendered with links found now: the ones it had, and the latest line's once the wall showed it.
    expect([...textOf(alert).matchAll(LINKED_TIME)].map((m) => m[1])).toEqual(
      expect.arrayContaining(links.map((m) => m[1])),
    );
    await waitFor('the claim shown in the alerts channel', () => textOf(central).includes('Claimed by Sue Sales'));
    expect(textOf(central)).toContain('• Asked:');
  }, 40_000);
});
