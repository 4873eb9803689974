// "Who is on it" end to end on Teams: the channel thread's card and the personal live transcript card show who
// supervises the chat, its walls (by channel name when Teams told it) and the last whisper, updated in place.
import type { Chat } from '../src/core/model';
import { expectValidCard } from '../adapters/teams/render/test-cards';
import { waitFor } from './harness';
import {
  TEAMS_USERS,
  WALL,
  channelMention,
  installPersonal,
  installTeam,
  personalConversation,
  personalMessage,
  postActivity,
  startTeamsHarness,
  textOfActivity,
  threadReply,
  waitForPost,
  type TeamsHarness,
} from './teams-harness';

const { sam, sue } = TEAMS_USERS;

/** Title → value of every fact of the card an activity carries. */
function factsOf(activity: any): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (x: any): void => {
    if (!x || typeof x !== 'object') return;
    if (x.type === 'FactSet') for (const f of x.facts) out[f.title] = f.value;
    for (const v of Object.values(x)) if (typeof v === 'object') walk(v);
  };
  walk(activity?.attachments);
  return out;
}

describe('who is on a chat, on Teams', () => {
  let h: TeamsHarness;
  let chat: Chat;
  let channelThread: string;
  let rootId: string;
  const channelCard = () =>
    factsOf(h.connector.latest(h.connector.postsIn(channelThread).find((p) => p.id === rootId)!));
  const liveCard = async () => {
    const t = (await h.app.store.threads.personalOf('teams', sam.aadObjectId)).find((x) => x.chatId === chat.id);
    const p = t?.rootPostId && h.connector.postsIn(personalConversation(sam)).find((x) => x.id === t.rootPostId);
    return p ? factsOf(h.connector.latest(p)) : {};
  };

  beforeAll(async () => {
    h = await startTeamsHarness();
    for (const u of [sam, sue]) expect((await postActivity(h, installPersonal(h, u))).status).toBeLessThan(300);
    expect((await postActivity(h, installTeam(h, sam))).status).toBeLessThan(300);
    // Teams names the channel in this activity (channel events carry it): the wall is called by it on every card.
    const watch = channelMention(h, sam, WALL, 'watch bu:Sales');
    watch.channelData.channel.name = 'Sales floor';
    await postActivity(h, watch);
    await waitForPost(h, watch.conversation.id, 'Watching Sales');
    const conv = h.sim.control.startChat({ businessUnit: 'Sales', agentEmail: 'ann.lee@acme.test', messages: 1 });
    chat = await waitFor('chat stored', () => h.app.store.chats.byConversationId(conv.conversationId));
    const wall = await waitFor('wall thread with a root', async () =>
      (await h.app.store.threads.forChat(chat.id)).find((t) => t.destination === WALL && t.rootPostId),
    );
    rootId = wall.rootPostId!;
    channelThread = `${WALL};messageid=${rootId}`;
  }, 30_000);
  afterAll(async () => h?.stopAll());

  it('the channel card of a chat nobody supervises says so and names its wall', async () => {
    expect(channelCard()).toMatchObject({
      'Supervised by': 'Nobody supervises this chat',
      Walls: 'Sales floor (Sales)',
    });
    expect(channelCard()).not.toHaveProperty('Last whisper');
  });

  it('sam supervises in his personal chat: the live card and the channel card name him', async () => {
    await postActivity(h, personalMessage(h, sam, `supervise ${chat.ref}`));
    await waitForPost(h, personalConversation(sam), `Supervising ${chat.ref}`);
    await waitFor('live card names sam', async () => (await liveCard())['Supervised by'] === 'Sam Boss');
    expect((await liveCard()).Walls).toBe('Sales floor (Sales)');
    await waitFor('channel card names sam', () => channelCard()['Supervised by'] === 'Sam Boss');
  }, 20_000);

  it('sue whispers by replying in the channel thread: both cards show "Sue Sales at <time>"', async () => {
    await postActivity(h, threadReply(h, sue, WALL, rootId, 'offer the refund'));
    await waitForPost(h, channelThread, 'Whisper sent');
    const stored = await waitFor('whisper stored', async () =>
      (await h.app.store.messages.recent(chat.id, 50)).find((m) => m.role === 'whisper'),
    );
    const expected = `Sue Sales at {{TIME(${stored.at.toISOString().replace(/\.\d{3}Z$/, 'Z')})}}`;
    await waitFor('channel card shows the whisper', () => channelCard()['Last whisper'] === expected);
    await waitFor('live card shows the whisper', async () => (await liveCard())['Last whisper'] === expected);
    expect(channelCard()['Supervised by']).toBe('Sam Boss');
    // The whisper's line reaches the live card too (its stored card, read back, carries the whisper's time).
    const live = (await h.app.store.threads.personalOf('teams', sam.aadObjectId)).find((x) => x.chatId === chat.id)!;
    const livePost = () => h.connector.postsIn(personalConversation(sam)).find((x) => x.id === live.rootPostId)!;
    await waitFor('whisper line on the live card', () =>
      /Whisper from Sue Sales[\s\S]*offer the refund/.test(textOfActivity(h.connector.latest(livePost()))),
    );
    h.sim.control.say(chat.conversationId, 'agent', 'sure, doing it now');
    await waitFor('next line on the live card', () =>
      textOfActivity(h.connector.latest(livePost())).includes('doing it now'),
    );
    expect(factsOf(h.connector.latest(livePost()))['Last whisper']).toBe(expected);
    // Both still pass the official Adaptive Cards validator (warnings included) as sent.
    expectValidCard(
      h.connector.latest(h.connector.postsIn(channelThread).find((p) => p.id === rootId)!).attachments[0].content,
    );
    expectValidCard(h.connector.latest(livePost()).attachments[0].content);
  }, 20_000);
});
