// Alerts in Teams: an alert card in the channel that watches the BU; "I've got it" claims it and the card shows who.
import { waitFor } from './harness';
import {
  TEAMS_USERS,
  WALL,
  cardSubmit,
  channelMention,
  installTeam,
  postActivity,
  startTeamsHarness,
  textOfActivity,
  waitForPost,
  type TeamsHarness,
} from './teams-harness';

describe('Teams alerts', () => {
  let h: TeamsHarness;
  beforeAll(async () => {
    h = await startTeamsHarness({ env: { INACTIVITY_MINUTES: '0.02' } });
    await postActivity(h, installTeam(h, TEAMS_USERS.sam));
    await postActivity(h, channelMention(h, TEAMS_USERS.sam, WALL, 'watch bu:Sales'));
    await waitFor('watch stored', async () => (await h.app.store.watches.list('teams')).length === 1);
  }, 30_000);
  afterAll(async () => h?.stopAll());

  it('a quiet chat posts one alert card; a claim from the card marks it with the claimer for everyone', async () => {
    const conv = h.sim.control.startChat({ businessUnit: 'Sales', messages: 1 });
    const chat = await waitFor('chat stored', () => h.app.store.chats.byConversationId(conv.conversationId));
    const post = await waitForPost(
      h,
      WALL,
      new RegExp(`Inactive[\\s\\S]*${chat.ref}|${chat.ref}[\\s\\S]*Inactive`),
      15_000,
    );
    const card = post.activity.attachments[0].content;
    const claim = JSON.stringify(card).includes('"action":"claim"');
    expect(claim).toBe(true);
    await postActivity(
      h,
      cardSubmit(h, TEAMS_USERS.sue, WALL, { convrs: 1, action: 'claim', chat: chat.ref, kind: 'inactive' }, WALL),
    );
    await waitFor('alert card updated with the claimer', () =>
      textOfActivity(h.connector.latest(post)).includes('Claimed by Sue Sales'),
    );
    expect(JSON.stringify(h.connector.latest(post)).includes('"action":"claim"')).toBe(false);
    await new Promise((r) => setTimeout(r, 1500));
    expect(
      h.connector
        .postsIn(WALL)
        .filter((p) => textOfActivity(p.activity).includes(chat.ref) && /Inactive/.test(textOfActivity(p.activity))),
    ).toHaveLength(1);
  }, 30_000);
});
