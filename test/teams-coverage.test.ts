// The Teams welcome card and `coverage` end to end: install → the quick welcome text and the home card (coverage
// first, a Supervise per chat); Refresh updates that same card; `home` posts a fresh one; `coverage` in both scopes.
import type { PostedActivity } from './fakes/teams-connector';
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
/** Card text without Teams markdown escapes. */
const plain = (s: string) => s.replace(/\\([\\*_`~[\]<>#+=.()-])/g, '$1');

function submitsOf(a: any): any[] {
  const out: any[] = [];
  const walk = (x: any): void => {
    if (!x || typeof x !== 'object') return;
    if (x.type === 'Action.Submit' && x.data) out.push(x.data);
    for (const v of Object.values(x)) if (typeof v === 'object') walk(v);
  };
  walk(a?.attachments);
  return out;
}

describe('Teams welcome card and coverage', () => {
  let h: TeamsHarness;
  const me = personalConversation(sam);
  const latestText = (p: PostedActivity) => plain(textOfActivity(h.connector.latest(p)));
  const homeCards = () =>
    h.connector.postsIn(me).filter((p) => p.activity.attachments && latestText(p).includes('What needs you now'));

  beforeAll(async () => {
    h = await startTeamsHarness();
    expect((await postActivity(h, installTeam(h, sam))).status).toBeLessThan(300);
  }, 30_000);
  afterAll(async () => h?.stopAll());

  async function newChat(businessUnit: string, agentEmail: string) {
    const conv = h.sim.control.startChat({ businessUnit, agentEmail, messages: 1 });
    const chat = await waitFor('chat stored with its agent', async () => {
      const c = await h.app.store.chats.byConversationId(conv.conversationId);
      return c?.agentEmail ? c : undefined;
    });
    return { ref: chat.ref, id: chat.id };
  }

  /** Clicks a submit on a card in the personal chat, as Teams sends it: the card's id in replyToId. */
  const click = async (card: PostedActivity, data: any) =>
    expect((await postActivity(h, { ...cardSubmit(h, sam, me, data), replyToId: card.id })).status).toBeLessThan(300);

  it('install in personal scope: the welcome text at once, then the home card with coverage and a Supervise per chat', async () => {
    const a = await newChat('Sales', 'ann.lee@acme.test');
    expect((await postActivity(h, installPersonal(h, sam))).status).toBeLessThan(300);
    expect(textOfActivity(h.connector.postsIn(me)[0]?.activity)).toContain("Hi, I'm Convrs Supervisor.");
    const card = await waitFor('home card', () => homeCards()[0]);
    const text = latestText(card);
    expect(text).toContain('0 of 1 open chat covered');
    expect(text).toContain(`**${a.ref}** · `);
    expect(text).toContain('My Supervised Chats');
    expect(submitsOf(card.activity).map((s) => [s.action, s.command])).toEqual([
      ['supervise', `supervise ${a.ref}`],
      ['page', 'home'],
    ]);
    // The card passes the size limit Teams enforces.
    expect(Buffer.byteLength(JSON.stringify(card.activity))).toBeLessThan(28 * 1024);
  }, 30_000);

  it('Supervise on the card supervises; Refresh updates that same card in place; `home` typed posts a fresh one', async () => {
    const card = homeCards()[0]!;
    const supervise = submitsOf(card.activity).find((s) => s.action === 'supervise');
    const posts = h.connector.postsIn(me).length;
    await click(card, supervise);
    await waitFor('supervising', () =>
      h.connector
        .postsIn(me)
        .slice(posts)
        .some((p) => latestText(p).includes(`Supervising ${supervise.chat}`)),
    );
    // The chat's live transcript card (the supervision itself) comes next; then nothing else is on its way.
    await waitFor('live card', () =>
      h.connector
        .postsIn(me)
        .slice(posts)
        .some((p) => JSON.stringify(p.activity).includes('"whisper"') && latestText(p).includes(supervise.chat)),
    );

    const updates = card.updates.length;
    const before = h.connector.postsIn(me).length;
    await click(
      card,
      submitsOf(card.activity).find((s) => s.command === 'home'),
    );
    await waitFor('home card updated', () => card.updates.length > updates);
    expect(latestText(card)).toContain('1 of 1 open chat covered');
    expect(latestText(card)).toContain(`**${supervise.chat}** · `);
    expect(h.connector.callsOf('update').at(-1)).toMatchObject({
      conversationId: me,
      activityId: card.id,
      status: 200,
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(homeCards()).toHaveLength(1);
    expect(h.connector.postsIn(me).length).toBe(before);

    // A Refresh from a card Teams no longer has: a fresh card instead of an error.
    await postActivity(h, {
      ...cardSubmit(
        h,
        sam,
        me,
        submitsOf(card.activity).find((s) => s.command === 'home'),
      ),
      replyToId: '999999',
    });
    await waitFor('a second home card', () => homeCards().length === 2);

    expect((await postActivity(h, personalMessage(h, sam, 'home'))).status).toBeLessThan(300);
    await waitFor('a third home card', () => homeCards().length === 3);
  }, 30_000);

  it('coverage in the personal chat and with an @mention in a channel; without the permission, one sentence', async () => {
    const b = await newChat('Tech Support', 'dan.okafor@acme.test');
    const since = h.connector.postsIn(me).length;
    await postActivity(h, personalMessage(h, sam, 'coverage'));
    const list = await waitFor('coverage card', () =>
      h.connector
        .postsIn(me)
        .slice(since)
        .find((p) => latestText(p).includes('1 of 2 open chats covered')),
    );
    expect(submitsOf(list.activity).map((s) => s.command)).toEqual([`supervise ${b.ref}`]);

    const mention = channelMention(h, sam, WALL, 'coverage bu:"Tech Support"');
    expect((await postActivity(h, mention)).status).toBeLessThan(300);
    const inChannel = await waitFor('coverage in the channel thread', () =>
      h.connector
        .postsIn(mention.conversation.id)
        .find((p) => latestText(p).includes('0 of 1 open chat covered in Tech Support')),
    );
    expect(submitsOf(inChannel.activity).map((s) => s.command)).toEqual([`supervise ${b.ref}`]);

    expect((await postActivity(h, installPersonal(h, sue))).status).toBeLessThan(300);
    const sues = personalConversation(sue);
    const sueCard = await waitFor("sue's home card", () =>
      h.connector.postsIn(sues).find((p) => latestText(p).includes('What needs you now')),
    );
    expect(latestText(sueCard)).toContain('"Supervise Open Chats"');
    await postActivity(h, personalMessage(h, sue, 'coverage'));
    await waitFor('refusal', () =>
      h.connector
        .postsIn(sues)
        .some((p) => latestText(p).includes('You need the Convrs permission "Supervise Open Chats"')),
    );
  }, 30_000);
});
