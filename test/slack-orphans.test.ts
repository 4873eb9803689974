// Orphaned chats in Slack: the alert in the watching channel and SLACK_ALERTS_CHANNEL with a Transfer button per chat,
// "Transfer all to …" and "I've got it"; the claim and the move edit every copy; `agents` offers the Move button.
import { waitFor } from './harness';
import {
  SLACK_USERS,
  WALL,
  ask,
  buttonsOf,
  clickButton,
  slash,
  startSlackHarness,
  textOf,
  waitForResponse,
  type SlackHarness,
} from './slack-harness';

const ANN = 'ann.lee@acme.test';
const BOB = 'bob.marsh@acme.test';

describe('Slack orphaned chats', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness({ env: { SLACK_ALERTS_CHANNEL: 'CALERTS01', INACTIVITY_MINUTES: '30' } });
    await waitForResponse(h, (await slash(h, SLACK_USERS.sam, 'watch bu:Sales', WALL)).responseId);
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
  const orphanPosts = (channel: string) =>
    h.slack.posts(channel).filter((m) => !m.thread_ts && textOf(m).includes('Orphaned chats'));

  it("posts the alert with its buttons; I've got it edits both copies; Transfer all moves the chats and the copies say so", async () => {
    const [c1, c2] = [await chatOf(ANN), await chatOf(ANN)];
    h.sim.control.setAgentStatus(ANN, 'Offline');
    const [wall, central] = await waitFor(
      'alert in both channels',
      () => {
        const [a, b] = [orphanPosts(WALL)[0], orphanPosts('CALERTS01')[0]];
        return a && b ? [a, b] : undefined;
      },
      15_000,
    );
    expect(textOf(wall)).toContain('Ann Lee went Offline holding 2 open chats of Sales.');
    const buttons = buttonsOf(wall.blocks);
    expect(buttons.map((b) => b.value)).toEqual([
      `transfer ${c1.ref}`,
      `transfer ${c2.ref}`,
      `transfer-all ${ANN} bu:"Sales" to bu:"Sales"`,
      `transfer-all ${ANN} bu:"Sales" to ${BOB}`,
      `claim agent:${ANN} bu:"Sales"`,
    ]);

    // A chat's Transfer opens the transfer modal (the click's trigger_id).
    const modals = h.slack.modals.length;
    await clickButton(h, SLACK_USERS.sam, buttons[0], { channel: WALL, messageTs: wall.ts });
    await waitFor(
      'transfer modal',
      () => h.slack.modals.length > modals && JSON.stringify(h.slack.modals.at(-1)!.view).includes(c1.ref),
    );

    await clickButton(h, SLACK_USERS.sue, buttons[4], { channel: WALL, messageTs: wall.ts });
    await waitFor('both copies claimed', () =>
      [wall, central].every((m) => textOf(m).includes('Claimed by Sue Sales')),
    );
    expect(buttonsOf(wall.blocks).some((b) => b.text === "I've got it")).toBe(false);

    const all = buttonsOf(wall.blocks).find((b) => b.text.startsWith('Transfer all to Bob Marsh'))!;
    await clickButton(h, SLACK_USERS.sam, all, { channel: WALL, messageTs: wall.ts });
    await waitFor(
      'chats moved in Convrs',
      () => [c1, c2].every((c) => h.sim.state.conversations.get(c.conversationId)!.agent?.email === BOB),
      15_000,
    );
    await waitFor('copies say nothing is waiting', () =>
      [wall, central].every((m) => textOf(m).includes("None of Ann Lee's Sales chats are waiting any more.")),
    );
    expect(buttonsOf(wall.blocks)).toEqual([]);
    const told = await waitFor('sam told', () =>
      h.slack.ephemerals.find(
        (e) => e.user === SLACK_USERS.sam && textOf(e).includes('Moved 2 chats of Ann Lee of Sales to Bob Marsh'),
      ),
    );
    expect(told.channel).toBe(WALL);
    expect(orphanPosts(WALL)).toHaveLength(1);
  }, 60_000);

  it('agents shows the hint and a Move button that runs transfer', async () => {
    const max = h.sim.state.agents.get(BOB)!.maxChats;
    while (((await h.app.store.chats.openCountsByAgent()).get(BOB) ?? 0) < max) await chatOf(BOB);
    const answer = await ask(h, SLACK_USERS.sam, 'agents bu:Sales');
    const move = buttonsOf(answer.blocks).find((b) => b.text.startsWith('Move C-'))!;
    expect(textOf(answer)).toContain('at capacity');
    const [, ref, , to] = move.value!.split(' ');
    await clickButton(h, SLACK_USERS.sam, move, { channel: 'CGENERAL01', messageTs: '1.1', ephemeral: true });
    const chat = await h.app.store.chats.find(ref);
    await waitFor('moved', () => h.sim.state.conversations.get(chat!.conversationId)!.agent?.email === to, 15_000);
  }, 60_000);
});
