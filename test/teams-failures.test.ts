// Teams when things go wrong: connector 429/5xx/403, unknown members, malformed or bot activities, and
// Bot Framework authentication, end to end through the real /api/messages and CloudAdapter.
import { waitFor } from './harness';
import {
  TEAMS_USERS,
  channelMention,
  installPersonal,
  installTeam,
  personalConversation,
  personalMessage,
  postActivity,
  startTeamsHarness,
  textOfActivity,
  type TeamsHarness,
  type TeamsUser,
} from './teams-harness';

const { sam } = TEAMS_USERS;
/** A Teams user the connector does not know (getConversationMember answers 404). */
const ghost: TeamsUser = { id: '29:ghost-id', aadObjectId: 'aad-ghost', name: 'Gho St', email: 'ghost@acme.test' };

const settle = (ms = 600) => new Promise((r) => setTimeout(r, ms));
const plain = (s: string) => s.replace(/\\([\\*_`~[\]<>#+=.()-])/g, '$1');

/** The facts (title, value) of a posted card. */
function factsOf(a: any): { title: string; value: string }[] {
  const out: { title: string; value: string }[] = [];
  const walk = (x: any): void => {
    if (!x || typeof x !== 'object') return;
    if (x.type === 'FactSet') out.push(...x.facts);
    for (const v of Object.values(x)) if (typeof v === 'object') walk(v);
  };
  walk(a?.attachments);
  return out;
}

describe('Teams failures', () => {
  let h: TeamsHarness;

  beforeAll(async () => {
    h = await startTeamsHarness();
    for (const u of [sam, ghost]) expect((await postActivity(h, installPersonal(h, u))).status).toBeLessThan(300);
    expect((await postActivity(h, installTeam(h, sam))).status).toBeLessThan(300);
  }, 30_000);
  afterAll(async () => h?.stopAll());

  const sentToConvrs = (cmd: string) => h.sim.commandLog.filter((c) => c.cmd === cmd);
  const textsOf = (conversation: string) =>
    h.connector.postsIn(conversation).map((p) => plain(textOfActivity(h.connector.latest(p))));

  async function mention(u: TeamsUser, channel: string, text: string, match: string): Promise<void> {
    const a = channelMention(h, u, channel, text);
    expect((await postActivity(h, a)).status).toBeLessThan(300);
    const conversation = a.conversation.id;
    await waitFor(`"${match}" in ${conversation}`, () => textsOf(conversation).some((t) => t.includes(match)));
  }

  /**
   * A channel watching Tech Support (only during `fn`), a new chat mirrored there, and its thread conversation
   * once the card and the chat's history have been posted.
   */
  async function withWallThread(
    channel: string,
    fn: (w: { conversationId: string; chatId: number; threadId: number; thread: string }) => Promise<void>,
  ): Promise<void> {
    await mention(sam, channel, 'watch bu:"Tech Support"', 'Watching Tech Support here.');
    try {
      const conv = h.sim.control.startChat({ businessUnit: 'Tech Support', messages: 1 });
      const chat = await waitFor('chat stored', () => h.app.store.chats.byConversationId(conv.conversationId));
      const t = await waitFor('wall thread with a root', async () =>
        (await h.app.store.threads.forChat(chat.id)).find((x) => x.destination === channel && x.rootPostId),
      );
      const thread = `${channel};messageid=${t.rootPostId}`;
      await waitFor('history posted', () => h.connector.postsIn(thread).length > 0);
      await settle(400);
      await fn({ conversationId: conv.conversationId, chatId: chat.id, threadId: t.id, thread });
    } finally {
      await mention(sam, channel, 'unwatch bu:"Tech Support"', 'Stopped watching Tech Support');
    }
  }

  /** Tags like `rl-01` in the thread, in posting order (several lines may share one post). */
  const tagsIn = (thread: string, prefix: string) =>
    textsOf(thread).flatMap((t) => [...t.matchAll(new RegExp(`${prefix}-\\d{2}`, 'g'))].map((m) => m[0]));

  it('a 429 with Retry-After: 1 on a thread post: the lines still arrive once, in order, after the wait, with no immediate retry', async () => {
    await withWallThread('19:rl-wall@thread.tacv2', async ({ conversationId, thread }) => {
      h.connector.failNext('send', 1, 429, '1', thread);
      const sent = ['rl-01', 'rl-02', 'rl-03', 'rl-04'];
      for (const tag of sent) h.sim.control.say(conversationId, 'customer', `${tag} is my order here yet`);
      await waitFor('all lines in the thread', () => tagsIn(thread, 'rl').length >= sent.length, 15_000);
      await settle(1000);
      expect(tagsIn(thread, 'rl')).toEqual(sent);

      // Posts only: card refreshes (updateActivity on the root) have their own queue.
      const posts = h.connector.callsIn(thread).filter((c) => c.method === 'send');
      const limited = posts.filter((c) => c.status === 429);
      expect(limited).toHaveLength(1);
      const next = posts[posts.indexOf(limited[0]) + 1];
      expect(next).toBeDefined();
      expect(next.at - limited[0].at).toBeGreaterThanOrEqual(900);
      // No loop: a few posts, not a storm of attempts.
      expect(posts.length).toBeLessThan(10);
    });
  }, 30_000);

  it('a 502 on a thread post is retried and the line arrives once', async () => {
    await withWallThread('19:bad-gateway-wall@thread.tacv2', async ({ conversationId, thread }) => {
      h.connector.failNext('send', 1, 502, '', thread);
      h.sim.control.say(conversationId, 'customer', 'gw-01 any news on my ticket');
      await waitFor('line in the thread', () => tagsIn(thread, 'gw').length > 0, 15_000);
      await settle(1000);
      expect(tagsIn(thread, 'gw')).toEqual(['gw-01']);
      expect(h.connector.callsIn(thread).filter((c) => c.status === 502)).toHaveLength(1);
    });
  }, 30_000);

  it('a 403 on posting into a channel thread closes the thread and posting there stops', async () => {
    await withWallThread('19:removed-wall@thread.tacv2', async ({ conversationId, threadId, chatId, thread }) => {
      h.connector.failNext('send', 1, 403, '', thread);
      h.sim.control.say(conversationId, 'customer', 'gone-01 hello?');
      await waitFor(
        'thread closed',
        async () => (await h.app.store.threads.forChat(chatId)).find((t) => t.id === threadId)?.active === false,
      );
      expect(h.connector.callsIn(thread).filter((c) => c.status === 403)).toHaveLength(1);
      await settle(500); // a card refresh already under way may still land
      const calls = h.connector.callsIn(thread).length;

      h.sim.control.say(conversationId, 'customer', 'gone-02 hello??');
      h.sim.control.say(conversationId, 'agent', 'gone-03 sorry, here');
      await waitFor('messages stored', async () =>
        (await h.app.store.messages.recent(chatId, 5)).some((m) => m.text.includes('gone-03')),
      );
      await settle(1200);
      expect(h.connector.callsIn(thread).length).toBe(calls);
      expect(tagsIn(thread, 'gone')).toEqual([]);
    });
  }, 30_000);

  it('a slow connector: a card refresh racing new lines loses neither on the live transcript card', async () => {
    const conv = h.sim.control.startChat({ businessUnit: 'Sales', agentEmail: 'ann.lee@acme.test', messages: 1 });
    const chat = await waitFor('chat stored with its agent', async () => {
      const c = await h.app.store.chats.byConversationId(conv.conversationId);
      return c?.agentEmail ? c : undefined;
    });
    await postActivity(h, personalMessage(h, sam, `supervise ${chat.ref}`));
    const card = await waitFor('live card', () =>
      h.connector
        .postsIn(personalConversation(sam))
        .find((p) => p.activity.attachments && plain(textOfActivity(p.activity)).includes(`${chat.ref} ·`)),
    );
    await waitFor('history on the card', () => card.updates.length > 0);
    await settle(800);
    const agentOnCard = () => factsOf(h.connector.latest(card)).find((f) => f.title === 'Agent')?.value ?? '';
    expect(agentOnCard()).toContain('Ann Lee');
    h.connector.latency.update = 300;
    try {
      // One event brings both a card change (new agent) and a line (the transfer note); then a customer line.
      h.sim.control.transfer(conv.conversationId, { toAgent: 'bob.marsh@acme.test' });
      h.sim.control.say(conv.conversationId, 'customer', 'race-01 thanks');
      const shows = () =>
        agentOnCard().includes('Bob Marsh') && plain(textOfActivity(h.connector.latest(card))).includes('race-01');
      await waitFor('card with the new agent and the new line', shows, 15_000);
      await settle(1500);
      expect(shows()).toBe(true);
      const state = JSON.parse(
        (await h.app.store.surfaceState.get('teams', `live:${(await h.app.store.threads.forChat(chat.id))[0].id}`))!,
      );
      expect(state.card.agent.name).toBe('Bob Marsh');
      expect(state.lines.map((l: { text: string }) => l.text)).toEqual(
        expect.arrayContaining([expect.stringContaining('race-01')]),
      );
    } finally {
      h.connector.latency.update = 0;
    }
  }, 30_000);

  it('a user the connector cannot find (member 404) is told how to get access; nothing is sent', async () => {
    const conv = h.sim.control.startChat({ businessUnit: 'Sales', messages: 1 });
    const chat = await waitFor('chat stored', () => h.app.store.chats.byConversationId(conv.conversationId));
    const whispers = sentToConvrs('SendWhisper').length;
    const me = personalConversation(ghost);
    const since = h.connector.postsIn(me).length;
    await postActivity(h, personalMessage(h, ghost, `whisper ${chat.ref} hello there`));
    await waitFor('the reason', () =>
      textsOf(me)
        .slice(since)
        .some((t) => t.includes("I can't see your email address")),
    );
    const t = textsOf(me)
      .slice(since)
      .find((x) => x.includes('email'))!;
    expect(t).toMatch(/Convrs agent/);
    expect(
      h.connector.callsOf('member').some((c) => c.status === 404 && decodeURIComponent(c.path).includes(ghost.id)),
    ).toBe(true);
    await settle();
    expect(sentToConvrs('SendWhisper')).toHaveLength(whispers);
    expect(await h.app.store.threads.forChat(chat.id)).toEqual([]);
  }, 20_000);

  it('malformed activities get a 4xx/5xx without crashing; the next valid activity works', async () => {
    const post = (body: string) =>
      fetch(`${h.app.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const calls = h.connector.calls.length;
    for (const body of [
      '{"type": "message", "text": ',
      'not json at all',
      '[]',
      '{}',
      '{"type":"message"}',
      JSON.stringify({ type: 'message', text: 'help', from: { id: sam.id } }),
    ]) {
      const r = await post(body);
      expect(r.status).toBeGreaterThanOrEqual(400);
      expect(r.status).toBeLessThan(600);
      expect(await r.text()).not.toMatch(/\n\s+at /);
    }
    await settle(300);
    expect(h.connector.calls.length).toBe(calls);
    expect((await fetch(`${h.app.url}/healthz`)).status).toBe(200);

    const since = h.connector.postsIn(personalConversation(sam)).length;
    expect((await postActivity(h, personalMessage(h, sam, 'help'))).status).toBeLessThan(300);
    await waitFor('help after the bad ones', () =>
      textsOf(personalConversation(sam))
        .slice(since)
        .some((t) => t.includes('Convrs Supervisor Bot commands')),
    );
  }, 20_000);

  it('an activity from a bot (from.role bot) does nothing', async () => {
    const me = personalConversation(sam);
    const posts = h.connector.postsIn(me).length;
    const commands = h.sim.commandLog.length;
    const bot = { id: '28:other-bot', name: 'Other Bot', role: 'bot' };
    expect((await postActivity(h, { ...personalMessage(h, sam, 'help'), from: bot })).status).toBeLessThan(300);
    expect(
      (await postActivity(h, { ...channelMention(h, sam, '19:rl-wall@thread.tacv2', 'open'), from: bot })).status,
    ).toBeLessThan(300);
    await settle(800);
    expect(h.connector.postsIn(me).length).toBe(posts);
    expect(
      h.connector
        .callsOf('send')
        .filter(
          (c) =>
            c.conversationId?.startsWith('19:rl-wall@thread.tacv2;messageid=') &&
            textOfActivity(c.body).includes('Open chats'),
        ),
    ).toEqual([]);
    expect(h.sim.commandLog.length).toBe(commands);
  }, 20_000);
});

describe('Teams authentication (MicrosoftAppId set)', () => {
  let h: TeamsHarness;
  // CloudAdapter prints every rejected request with console.error; the statuses are what matter here.
  let quiet: jest.SpyInstance;
  beforeAll(async () => {
    quiet = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    h = await startTeamsHarness({
      env: {
        MicrosoftAppId: '00000000-0000-0000-0000-000000000001',
        MicrosoftAppPassword: 'x',
        MicrosoftAppType: 'MultiTenant',
      },
    });
  }, 30_000);
  afterAll(async () => {
    await h?.stopAll();
    quiet.mockRestore();
  });

  it('rejects activities without a valid Bot Framework token (401) and processes nothing', async () => {
    const activity = personalMessage(h, sam, 'help');
    expect((await postActivity(h, activity)).status).toBe(401);
    expect(
      (await postActivity(h, { ...activity, id: `${activity.id}-2` }, { authorization: 'Bearer not.a.jwt' })).status,
    ).toBe(401);
    expect(
      (await postActivity(h, { ...activity, id: `${activity.id}-3` }, { authorization: 'Basic c2FtOng=' })).status,
    ).toBe(401);
    await settle();
    expect(h.connector.calls).toEqual([]);
    expect(await h.app.store.surfaceState.get('teams', `ref:user:${sam.aadObjectId}`)).toBeNull();
  }, 30_000);
});
