// Summaries in Teams end to end: asked in a watched channel, each point's time is a deep link to the reply in that
// channel's thread of the chat that carried its line; asked in the personal chat (one live card per chat), no links;
// a negative alert card carries the summary linked to the wall's thread, and keeps it after a claim from the card.
import { waitFor } from './harness';
import {
  TEAMS_USERS,
  WALL,
  cardSubmit,
  channelMention,
  installPersonal,
  installTeam,
  personalConversation,
  personalMessage,
  postActivity,
  startTeamsHarness,
  textOfActivity,
  type TeamsHarness,
} from './teams-harness';

const { sam, sue } = TEAMS_USERS;
const OPENER = 'Hello, I have a question about my order 4411';
/** A linked time in a card's markdown: [HH:MM](deep link to a channel thread reply). */
const DEEP_LINK = /\[(\d\d:\d\d)\]\((https:\/\/teams\.microsoft\.com\/l\/message\/([^/]+)\/(\d+)\?([^)]*))\)/g;

describe('Teams summaries', () => {
  let h: TeamsHarness;
  beforeAll(async () => {
    h = await startTeamsHarness({ env: { SCORE_DEBOUNCE_SECONDS: '1', INACTIVITY_MINUTES: '60' } });
    await postActivity(h, installPersonal(h, sam));
    await postActivity(h, installTeam(h, sam));
    await postActivity(h, channelMention(h, sam, WALL, 'watch bu:Sales'));
    await waitFor('watch stored', async () => (await h.app.store.watches.list('teams')).length === 1);
  }, 30_000);
  afterAll(async () => h?.stopAll());

  async function chatWith(lines: Array<['customer' | 'agent', string]>) {
    const conv = h.sim.control.startChat({ businessUnit: 'Sales', agentEmail: 'ann.lee@acme.test', opener: OPENER });
    for (const [role, text] of lines) h.sim.control.say(conv.conversationId, role, text);
    await h.sim.flush();
    return waitFor('chat stored', () => h.app.store.chats.byConversationId(conv.conversationId));
  }
  /** The chat's thread on the wall once it shows `text`: its root id and its conversation (`<channel>;messageid=<root>`). */
  async function wallThreadShowing(chatId: number, text: string) {
    const thread = await waitFor(
      'the wall thread',
      async () => {
        const t = await h.app.store.threads.find(chatId, 'teams', WALL);
        return t?.rootPostId ? t : undefined;
      },
      15_000,
    );
    const conversation = `${WALL};messageid=${thread.rootPostId}`;
    await waitFor(
      `"${text}" in the wall thread`,
      () => h.connector.postsIn(conversation).some((p) => textOfActivity(p.activity).includes(text)),
      20_000,
    );
    return { root: thread.rootPostId!, conversation };
  }
  const cardTexts = (a: any): string[] => {
    const out: string[] = [];
    const walk = (x: any): void => {
      if (!x || typeof x !== 'object') return;
      if (x.type === 'TextBlock') out.push(x.text);
      for (const v of Object.values(x)) if (typeof v === 'object') walk(v);
    };
    walk(a?.attachments);
    return out;
  };
  /** Every deep link in a card checks out: the wall channel, the thread's root, a reply of that thread that carries a line of that time. */
  function expectLinksIntoThread(links: RegExpMatchArray[], thread: { root: string; conversation: string }) {
    for (const [, time, , channel, messageId, query] of links) {
      expect(decodeURIComponent(channel)).toBe(WALL);
      const q = new URLSearchParams(query);
      expect({
        tenantId: q.get('tenantId'),
        parentMessageId: q.get('parentMessageId'),
        createdTime: q.get('createdTime'),
      }).toEqual({ tenantId: 'tenant-1', parentMessageId: thread.root, createdTime: messageId });
      const reply = h.connector.postsIn(thread.conversation).find((p) => p.id === messageId);
      expect(reply).toBeDefined();
      expect(textOfActivity(reply!.activity)).toMatch(new RegExp(time));
    }
  }

  it("asked in a watched channel: every point's time is a deep link to its reply in that channel's thread", async () => {
    const chat = await chatWith([
      ['agent', "I'll send you the invoice today."],
      ['customer', 'ok, thanks'],
    ]);
    const thread = await wallThreadShowing(chat.id, 'ok, thanks');
    const ask = channelMention(h, sam, WALL, `summary ${chat.ref}`);
    await postActivity(h, ask);
    const answer = await waitFor('the summary card', () =>
      h.connector
        .postsIn(ask.conversation.id)
        .find((p) => textOfActivity(p.activity).includes(`Summary of ${chat.ref}`)),
    );
    const texts = cardTexts(answer.activity);
    const points = texts.filter((t) => t.startsWith('- '));
    expect(points.length).toBeGreaterThanOrEqual(2);
    expect(points.length).toBeLessThanOrEqual(5);
    expect(points[0]).toContain(`Asked: “${OPENER}”`);
    const links = [...texts.join('\n').matchAll(DEEP_LINK)];
    expect(links).toHaveLength(points.length);
    expectLinksIntoThread(links, thread);
    expect(texts.at(-1)).toBe('Extractive summary · Times are UTC.');
  }, 40_000);

  it('asked in the personal chat (its lines live on one card): the points, with plain times', async () => {
    const chat = await chatWith([
      ['agent', "I'll check the tracking now."],
      ['customer', 'thank you'],
    ]);
    await postActivity(h, personalMessage(h, sam, `supervise ${chat.ref}`));
    await waitFor('the live card', async () =>
      (await h.app.store.threads.forChat(chat.id)).some((t) => t.kind === 'personal' && t.rootPostId),
    );
    await waitFor('lines stored', async () =>
      (await h.app.store.messages.recent(chat.id, 20)).some((m) => m.text === 'thank you'),
    );
    await postActivity(h, personalMessage(h, sam, `summary ${chat.ref}`));
    const answer = await waitFor('the summary card', () =>
      h.connector
        .postsIn(personalConversation(sam))
        .find((p) => textOfActivity(p.activity).includes(`Summary of ${chat.ref}`)),
    );
    const points = cardTexts(answer.activity).filter((t) => t.startsWith('- '));
    expect(points.length).toBeGreaterThanOrEqual(2);
    for (const p of points) expect(p).toMatch(/ \(\d\d:\d\d\)$/);
    expect(JSON.stringify(answer.activity)).not.toContain('teams.microsoft.com/l/message');
  }, 40_000);

  it("a negative alert card carries the summary linked to the wall's thread, and keeps it after a claim", async () => {
    const chat = await chatWith([['agent', 'Let me look into it.']]);
    const thread = await wallThreadShowing(chat.id, 'Let me look into it.');
    h.sim.control.say(chat.conversationId, 'customer', 'This is terrible and unacceptable, I want my money back NOW!!');
    const isAlert = (a: any) => /Negative sentiment/.test(textOfActivity(a)) && textOfActivity(a).includes(chat.ref);
    const alert = await waitFor(
      'the alert card',
      () => h.connector.postsIn(WALL).find((p) => isAlert(p.activity)),
      20_000,
    );
    const texts = cardTexts(alert.activity);
    expect(texts).toEqual(
      expect.arrayContaining([
        expect.stringContaining(`- Asked: “${OPENER}”`),
        expect.stringMatching(/^- Latest from the customer, and the most upset: /),
      ]),
    );
    const links = [...texts.join('\n').matchAll(DEEP_LINK)];
    expect(links.length).toBeGreaterThanOrEqual(1);
    expectLinksIntoThread(links, thread);

    await postActivity(
      h,
      cardSubmit(h, sue, WALL, { convrs: 1, action: 'claim', chat: chat.ref, kind: 'negative' }, WALL),
    );
    await waitFor('the card shows the claim', () =>
      textOfActivity(h.connector.latest(alert)).includes('Claimed by Sue Sales'),
    );
    const after = cardTexts(h.connector.latest(alert));
    expect(after).toEqual(expect.arrayContaining([expect.stringContaining(`- Asked: “${OPENER}”`)]));
    expectLinksIntoThread([...after.join('\n').matchAll(DEEP_LINK)], thread);
  }, 40_000);
});
