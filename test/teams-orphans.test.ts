// Orphaned chats in Teams: the alert card in the watching channel; "I've got it" and "Transfer all to …" are card
// submits that run the one grammar, and the card is updated in place; `agents` offers the Move submit.
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
  waitForPost,
  type TeamsHarness,
} from './teams-harness';

const ANN = 'ann.lee@acme.test';
const BOB = 'bob.marsh@acme.test';

/** Every Action.Submit's title and data on a card (latest version). */
function submitsOf(a: any): { title: string; data: any }[] {
  const out: { title: string; data: any }[] = [];
  const walk = (x: any): void => {
    if (!x || typeof x !== 'object') return;
    if (x.type === 'Action.Submit' && x.data) out.push({ title: x.title, data: x.data });
    for (const v of Object.values(x)) if (typeof v === 'object') walk(v);
  };
  walk(a?.attachments);
  return out;
}

describe('Teams orphaned chats', () => {
  let h: TeamsHarness;
  beforeAll(async () => {
    h = await startTeamsHarness({ env: { INACTIVITY_MINUTES: '30' } });
    await postActivity(h, installTeam(h, TEAMS_USERS.sam));
    await postActivity(h, installPersonal(h, TEAMS_USERS.sam));
    await postActivity(h, channelMention(h, TEAMS_USERS.sam, WALL, 'watch bu:Sales'));
    await waitFor('watch stored', async () => (await h.app.store.watches.list('teams')).length === 1);
    h.sim.control.setAgentStatus(BOB, 'Online', 'Available');
    await waitFor('Bob online', async () => (await h.app.store.agents.byEmail(BOB))?.status === 'Online');
  }, 30_000);
  afterAll(async () => h?.stopAll());

  async function chatOf(agentEmail: string) {
    const conv = h.sim.control.startChat({ businessUnit: 'Sales', agentEmail });
    return waitFor('chat stored', async () => {
      const c = await h.app.store.chats.byConversationId(conv.conversationId);
      return c?.agentEmail === agentEmail ? c : undefined;
    });
  }

  it('the alert card claims and moves by submit, and is updated in place', async () => {
    const [c1, c2] = [await chatOf(ANN), await chatOf(ANN)];
    h.sim.control.setAgentStatus(ANN, 'Offline');
    const post = await waitForPost(
      h,
      WALL,
      /Orphaned chats[\s\S]*Ann Lee went Offline holding 2 open chats of Sales/,
      15_000,
    );
    const submits = submitsOf(h.connector.latest(post));
    expect(submits.map((s) => s.data.command)).toEqual([
      `transfer ${c1.ref}`,
      `transfer ${c2.ref}`,
      `transfer-all ${ANN} bu:"Sales" to bu:"Sales"`,
      `transfer-all ${ANN} bu:"Sales" to ${BOB}`,
      `claim agent:${ANN} bu:"Sales"`,
    ]);
    const claim = submits.find((s) => s.title === "I've got it")!;
    await postActivity(h, cardSubmit(h, TEAMS_USERS.sue, WALL, claim.data, WALL));
    await waitFor('card shows the claimer', () =>
      textOfActivity(h.connector.latest(post)).includes('Claimed by Sue Sales'),
    );
    expect(submitsOf(h.connector.latest(post)).some((s) => s.title === "I've got it")).toBe(false);

    const all = submits.find((s) => s.title.startsWith('Transfer all to Bob Marsh'))!;
    await postActivity(h, cardSubmit(h, TEAMS_USERS.sam, WALL, all.data, WALL));
    await waitFor(
      'chats moved in Convrs',
      () => [c1, c2].every((c) => h.sim.state.conversations.get(c.conversationId)!.agent?.email === BOB),
      15_000,
    );
    await waitFor('card says nothing is waiting', () =>
      textOfActivity(h.connector.latest(post)).includes("None of Ann Lee's Sales chats are waiting any more."),
    );
    expect(submitsOf(h.connector.latest(post))).toEqual([]);
  }, 60_000);

  it('agents in the personal chat shows the hint and a Move submit that runs transfer', async () => {
    const max = h.sim.state.agents.get(BOB)!.maxChats;
    while (((await h.app.store.chats.openCountsByAgent()).get(BOB) ?? 0) < max) await chatOf(BOB);
    const me = personalConversation(TEAMS_USERS.sam);
    const since = h.connector.postsIn(me).length;
    await postActivity(h, personalMessage(h, TEAMS_USERS.sam, 'agents bu:Sales'));
    const answer = await waitFor('agents card', () =>
      h.connector
        .postsIn(me)
        .slice(since)
        .find((p) => textOfActivity(p.activity).includes('at capacity')),
    );
    const move = submitsOf(answer.activity).find((s) => s.title.startsWith('Move C-'))!;
    expect(move.data).toMatchObject({ convrs: 1, action: 'command' });
    const [, ref, , to] = (move.data.command as string).split(' ');
    await postActivity(h, cardSubmit(h, TEAMS_USERS.sam, me, move.data));
    const chat = await h.app.store.chats.find(ref);
    await waitFor('moved', () => h.sim.state.conversations.get(chat!.conversationId)!.agent?.email === to, 15_000);
  }, 60_000);
});
