// Teams end to end: activities posted to the real /api/messages, replies read from a fake connector.
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
  threadReply,
  waitForPost,
  type TeamsHarness,
} from './teams-harness';

const { sam, sue, stranger } = TEAMS_USERS;

describe('Teams', () => {
  let h: TeamsHarness;
  const whispers = () => h.sim.commandLog.filter((c) => c.cmd === 'SendWhisper');

  beforeAll(async () => {
    h = await startTeamsHarness({ duplicateRate: 0.3, shuffleWindowMs: 30, env: { REORDER_WINDOW_MS: '1000' } });
    for (const u of [sam, sue, stranger])
      expect((await postActivity(h, installPersonal(h, u))).status).toBeLessThan(300);
    expect((await postActivity(h, installTeam(h, sam))).status).toBeLessThan(300);
  }, 30_000);
  afterAll(async () => h?.stopAll());

  it('stores the conversation reference on install and welcomes the user', async () => {
    expect(await h.app.store.surfaceState.get('teams', `ref:user:${sam.aadObjectId}`)).toContain(
      personalConversation(sam),
    );
    await waitForPost(h, personalConversation(sam), /Type `?help`?/);
  });

  it('supervise in the personal chat shows one live transcript card that updates in place', async () => {
    const conv = h.sim.control.startChat({ businessUnit: 'Sales', messages: 0 });
    h.sim.control.say(conv.conversationId, 'customer', 'hello, my order is late');
    const chat = await waitFor('chat stored', () => h.app.store.chats.byConversationId(conv.conversationId));
    await waitFor('message stored', async () => (await h.app.store.messages.maxSeq(chat.id)) > 0);
    await postActivity(h, personalMessage(h, sam, `supervise ${chat.ref}`));
    await waitForPost(h, personalConversation(sam), `Supervising ${chat.ref}`);
    const card = await waitForPost(h, personalConversation(sam), 'order is late');
    h.sim.control.say(conv.conversationId, 'agent', 'sorry, checking now');
    await waitFor('card updated with the new line', () =>
      textOfActivity(h.connector.latest(card)).includes('checking now'),
    );
    // Updated in place: no second card for this chat.
    const cards = h.connector
      .postsIn(personalConversation(sam))
      .filter((p) => textOfActivity(h.connector.latest(p)).includes(chat.ref) && p.activity.attachments);
    expect(cards).toHaveLength(1);
    expect(h.connector.callsOf('update').length).toBeGreaterThan(0);
  }, 20_000);

  it('watch in a channel starts a thread per chat and mirrors messages exactly once, in order', async () => {
    await postActivity(h, channelMention(h, sam, WALL, 'watch bu:"Customer Support"'));
    const conv = h.sim.control.startChat({ businessUnit: 'Customer Support', messages: 0 });
    const chat = await waitFor('chat stored', () => h.app.store.chats.byConversationId(conv.conversationId));
    const thread = await waitFor('wall thread with a root', async () =>
      (await h.app.store.threads.forChat(chat.id)).find((t) => t.destination === WALL && t.rootPostId),
    );
    const sent: string[] = [];
    for (let i = 1; i <= 30; i++) {
      const tag = `tm-${String(i).padStart(3, '0')}`;
      h.sim.control.say(conv.conversationId, 'customer', `${tag} where is it`);
      sent.push(tag);
    }
    await h.sim.flush();
    const conversation = `${WALL};messageid=${thread.rootPostId}`;
    const tags = () =>
      h.connector
        .postsIn(conversation)
        .flatMap((p) => [...textOfActivity(h.connector.latest(p)).matchAll(/tm-\d{3}/g)].map((m) => m[0]));
    await waitFor('30 lines in the thread', () => tags().length >= 30, 30_000);
    await new Promise((r) => setTimeout(r, 500));
    expect(tags()).toEqual(sent);
    // The thread was created in the channel with the chat card as its first post.
    const created = h.connector.callsOf('create').find((c) => c.body?.channelData?.channel?.id === WALL);
    expect(textOfActivity(created?.body.activity)).toContain(chat.ref);
  }, 40_000);

  it('a thread reply becomes one SendWhisper with the author email, a confirmation, and nothing else', async () => {
    const conv = h.sim.control.startChat({ businessUnit: 'Customer Support', messages: 1 });
    const chat = await waitFor('chat stored', () => h.app.store.chats.byConversationId(conv.conversationId));
    const thread = await waitFor('wall thread', async () =>
      (await h.app.store.threads.forChat(chat.id)).find((t) => t.destination === WALL && t.rootPostId),
    );
    const before = whispers().length;
    const reply = threadReply(h, sam, WALL, thread.rootPostId!, 'please offer a voucher');
    await postActivity(h, reply);
    await postActivity(h, reply); // redelivered
    await waitFor('whisper sent', () => whispers().length > before);
    await waitForPost(h, `${WALL};messageid=${thread.rootPostId}`, 'Whisper sent');
    await new Promise((r) => setTimeout(r, 800));
    expect(
      whispers()
        .slice(before)
        .map((w) => w.params),
    ).toEqual([{ conversationId: conv.conversationId, text: 'please offer a voucher', by: sam.email }]);
  }, 20_000);

  it('bot messages never whisper; an unauthorised user gets the reason and nothing is sent', async () => {
    const conv = h.sim.control.startChat({ businessUnit: 'Customer Support', messages: 1 });
    const chat = await waitFor('chat stored', () => h.app.store.chats.byConversationId(conv.conversationId));
    const thread = await waitFor('wall thread', async () =>
      (await h.app.store.threads.forChat(chat.id)).find((t) => t.destination === WALL && t.rootPostId),
    );
    const before = whispers().length;
    const conversation = `${WALL};messageid=${thread.rootPostId}`;
    await postActivity(h, {
      ...threadReply(h, sam, WALL, thread.rootPostId!, 'bot text'),
      from: { id: '28:other-bot', name: 'Other', role: 'bot' },
    });
    await postActivity(h, threadReply(h, sue, WALL, thread.rootPostId!, 'let me help'));
    await waitForPost(h, conversation, /Whisper not sent.*Supervise/);
    await postActivity(h, threadReply(h, stranger, WALL, thread.rootPostId!, 'hi'));
    await waitForPost(h, conversation, /not a Convrs agent/);
    expect(whispers().length).toBe(before);
  }, 20_000);

  it('card buttons submit commands: finish asks, confirm finishes', async () => {
    const conv = h.sim.control.startChat({ businessUnit: 'Sales', messages: 1 });
    const chat = await waitFor('chat stored', () => h.app.store.chats.byConversationId(conv.conversationId));
    await postActivity(
      h,
      cardSubmit(h, sam, personalConversation(sam), {
        convrs: 1,
        action: 'finish',
        chat: chat.ref,
        command: `finish ${chat.ref}`,
      }),
    );
    await waitForPost(h, personalConversation(sam), new RegExp(`Finish ${chat.ref}`));
    await postActivity(
      h,
      cardSubmit(h, sam, personalConversation(sam), {
        convrs: 1,
        action: 'finish',
        chat: chat.ref,
        command: `finish ${chat.ref} confirm`,
      }),
    );
    await waitFor('finished in Convrs', () =>
      h.sim.commandLog.some((c) => c.cmd === 'FinishConversation' && c.params.conversationId === conv.conversationId),
    );
  }, 20_000);

  it('export gives a download link that works once', async () => {
    await postActivity(h, personalMessage(h, sam, 'chats export'));
    const post = await waitForPost(h, personalConversation(sam), /\/exports\//);
    const text = textOfActivity(h.connector.latest(post));
    // A bare URL Teams links by itself: nothing in it escaped by the markdown of the notice.
    expect(text).not.toContain('\\');
    const link = /(https?:\/\/\S+\/exports\/[A-Za-z0-9_-]+)/.exec(text)![1];
    const first = await fetch(link);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toMatch(/text\/csv/);
    expect((await first.text()).split('\n')[0]).toMatch(/ref/i);
    expect((await fetch(link)).status).toBe(404);
    expect((await fetch(`${h.app.url}/exports/not-a-real-token-at-all-xx`)).status).toBe(404);
  }, 20_000);
});
