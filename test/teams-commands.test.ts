// Every command from Teams end to end: activities to the real /api/messages → CloudAdapter → queue → worker →
// what the supervisor sees, read back from the fake Bot Framework connector.
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
  type TeamsUser,
} from './teams-harness';

const { sam, sue, stranger } = TEAMS_USERS;
/** Channels of the team (each gets its reference from the first @mention there). */
const TECH_WALL = '19:tech-wall@thread.tacv2';
const ECHO_WALL = '19:echo-wall@thread.tacv2';
/** What a supervisor must never see. */
const NO_STACK = /\n\s+at |Error:|TypeError|undefined|\[object/;

/** Card and message text without Teams markdown escapes (`\<chat\>` reads `<chat>`). */
const plain = (s: string) => s.replace(/\\([\\*_`~[\]<>#+=.()-])/g, '$1');

/** Every Action.Submit's data on a posted card (latest version). */
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

/** Every input element (Input.Text, Input.ChoiceSet) on a posted card. */
function inputsOf(a: any): any[] {
  const out: any[] = [];
  const walk = (x: any): void => {
    if (!x || typeof x !== 'object') return;
    if (typeof x.type === 'string' && x.type.startsWith('Input.')) out.push(x);
    for (const v of Object.values(x)) if (typeof v === 'object') walk(v);
  };
  walk(a?.attachments);
  return out;
}

describe('Teams commands', () => {
  let h: TeamsHarness;
  const me = personalConversation(sam);

  beforeAll(async () => {
    h = await startTeamsHarness();
    for (const u of [sam, sue, stranger])
      expect((await postActivity(h, installPersonal(h, u))).status).toBeLessThan(300);
    expect((await postActivity(h, installTeam(h, sam))).status).toBeLessThan(300);
  }, 30_000);
  afterAll(async () => h?.stopAll());

  /** Commands the bot sent to Convrs about one conversation. */
  const sentToConvrs = (conversationId: string, cmd?: string) =>
    h.sim.commandLog.filter((c) => c.params.conversationId === conversationId && (!cmd || c.cmd === cmd));
  const simChat = (conversationId: string) => h.sim.state.conversations.get(conversationId)!;
  const latestText = (p: PostedActivity) => plain(textOfActivity(h.connector.latest(p)));

  async function newChat(businessUnit: string, agentEmail?: string, messages = 1) {
    const conv = h.sim.control.startChat({ businessUnit, agentEmail, messages });
    const chat = await waitFor('chat stored with its agent', async () => {
      const c = await h.app.store.chats.byConversationId(conv.conversationId);
      return c && (c.agentEmail || !conv.agent) ? c : undefined;
    });
    return { conversationId: conv.conversationId, ref: chat.ref, id: chat.id };
  }

  /** The first post in `conversation` from index `since` on whose text matches. */
  function waitForNew(
    conversation: string,
    since: number,
    match: RegExp | string,
    timeoutMs = 10_000,
  ): Promise<PostedActivity> {
    return waitFor(
      `a new post matching ${match} in ${conversation}`,
      () =>
        h.connector
          .postsIn(conversation)
          .slice(since)
          .find((p) => {
            const t = latestText(p);
            return typeof match === 'string' ? t.includes(match) : match.test(t);
          }),
      timeoutMs,
    );
  }

  /** Types `text` to the bot in the user's personal chat and waits for the answer matching `match`. */
  async function ask(u: TeamsUser, text: string, match: RegExp | string): Promise<PostedActivity> {
    const conversation = personalConversation(u);
    const since = h.connector.postsIn(conversation).length;
    expect((await postActivity(h, personalMessage(h, u, text))).status).toBeLessThan(300);
    return waitForNew(conversation, since, match);
  }

  /** Clicks a card button (Action.Submit with `value`) in the user's personal chat and waits for the answer. */
  async function submit(u: TeamsUser, value: unknown, match: RegExp | string): Promise<PostedActivity> {
    const conversation = personalConversation(u);
    const since = h.connector.postsIn(conversation).length;
    expect((await postActivity(h, cardSubmit(h, u, conversation, value))).status).toBeLessThan(300);
    return waitForNew(conversation, since, match);
  }

  /** @mentions the bot in a channel with a command; the answer is a reply in that post's thread. */
  async function mention(u: TeamsUser, channel: string, text: string, match: RegExp | string): Promise<PostedActivity> {
    const a = channelMention(h, u, channel, text);
    expect((await postActivity(h, a)).status).toBeLessThan(300);
    return waitForNew(a.conversation.id, 0, match);
  }

  /** The live transcript card of a chat in a user's personal chat. */
  const liveCard = (u: TeamsUser, ref: string) =>
    waitFor(`live card of ${ref}`, () =>
      h.connector
        .postsIn(personalConversation(u))
        .find(
          (p) =>
            p.activity.attachments &&
            inputsOf(p.activity).some((i) => i.id === 'whisper') &&
            latestText(p).includes(`${ref} ·`),
        ),
    );

  /** Lets queued work settle so "nothing happened" assertions mean something. */
  const settle = (ms = 600) => new Promise((r) => setTimeout(r, ms));

  describe('help', () => {
    it('help lists every command with an example, in the personal chat and in a channel', async () => {
      const check = (t: string) => {
        expect(t).toContain('Convrs Supervisor Bot commands');
        for (const usage of [
          'supervise <chat>',
          'watch bu:<name>',
          'whisper <chat> <text>',
          'transfer <chat> to',
          'finish <chat>',
          'open [bu:<name>]',
          'chats [from:YYYY-MM-DD]',
          'agents [bu:<name>]',
          'report',
          'help [command]',
        ]) {
          expect(t).toContain(usage);
        }
        expect(t).toContain('e.g. supervise C-1042');
        expect(t).not.toMatch(NO_STACK);
      };
      check(latestText(await ask(sam, 'help', 'Convrs Supervisor Bot commands')));
      check(latestText(await mention(sam, WALL, 'help', 'Convrs Supervisor Bot commands')));
      // An empty @mention is help too.
      check(latestText(await mention(sam, WALL, '', 'Convrs Supervisor Bot commands')));
    });

    it('an unknown command answers briefly: the word, the likely command, and a pointer to help', async () => {
      const answer = await ask(sam, 'frobnicate C-1', 'frobnicate');
      // The word shows as code, not as escaped backticks.
      expect(textOfActivity(h.connector.latest(answer))).toContain("I don't know the command `frobnicate`.");
      const t = latestText(answer);
      expect(t).toContain('`help`');
      expect(t).not.toContain('Convrs Supervisor Bot commands');
      expect(latestText(await ask(sam, 'trasnfer C-1', 'trasnfer'))).toContain('Did you mean `transfer C-1`?');
      expect(latestText(await mention(sam, WALL, 'dance now', 'dance'))).toContain("I don't know the command `dance`.");
    });
  });

  describe('supervise, watch and whisper', () => {
    it('supervise shows the live card; again says so; unsupervise closes the thread and the card stops updating', async () => {
      const { ref, conversationId, id } = await newChat('Sales');
      await ask(sam, `supervise ${ref}`, `Supervising ${ref}`);
      const card = await liveCard(sam, ref);
      expect(submitsOf(h.connector.latest(card)).map((s) => s.action)).toEqual(
        expect.arrayContaining(['whisper', 'transfer', 'finish', 'unsupervise']),
      );
      await ask(sam, `supervise ${ref}`, `You already supervise ${ref}`);

      await ask(sam, `unsupervise ${ref}`, `Stopped supervising ${ref}`);
      const threads = await h.app.store.threads.forChat(id);
      expect(threads.filter((t) => t.kind === 'personal')).toEqual([expect.objectContaining({ active: false })]);
      await settle(400); // a card refresh already under way may still land
      const versions = card.updates.length;
      h.sim.control.say(conversationId, 'customer', 'are you still there?');
      await waitFor('message stored', async () =>
        (await h.app.store.messages.recent(id, 5)).some((m) => m.text === 'are you still there?'),
      );
      await settle();
      expect(card.updates.length).toBe(versions);
      expect(latestText(card)).not.toContain('still there');
      await ask(sam, `unsupervise ${ref}`, `You are not supervising ${ref}`);
    }, 20_000);

    it('supervise by @mention in a channel answers there and opens the live card in the personal chat', async () => {
      const { ref } = await newChat('Sales');
      await mention(sam, WALL, `supervise ${ref}`, `Supervising ${ref}`);
      await liveCard(sam, ref);
      // The Stop supervising button on the card is a command submit.
      await submit(
        sam,
        { convrs: 1, action: 'unsupervise', chat: ref, command: `unsupervise ${ref}` },
        `Stopped supervising ${ref}`,
      );
    }, 20_000);

    it('supervise of an unknown chat explains, without a stack trace', async () => {
      const t = latestText(await ask(sam, 'supervise C-999999', /C-999999/));
      expect(t).toContain("I can't find chat `C-999999`");
      expect(t).toContain('try `open`');
      expect(t).not.toMatch(NO_STACK);
    });

    it('watch in a channel mirrors new chats of the BU as threads; unwatch closes them and stops', async () => {
      await mention(sam, TECH_WALL, 'watch bu:"Tech Support"', 'Watching Tech Support here.');
      const { ref, id } = await newChat('Tech Support');
      const thread = await waitFor('wall thread with a root', async () =>
        (await h.app.store.threads.forChat(id)).find((t) => t.destination === TECH_WALL && t.rootPostId),
      );
      const created = h.connector
        .callsOf('create')
        .find((c) => c.body?.channelData?.channel?.id === TECH_WALL && textOfActivity(c.body.activity).includes(ref));
      expect(created).toBeDefined();
      // The chat's lines arrive as replies in that thread.
      await waitFor(
        'lines in the thread',
        () => h.connector.postsIn(`${TECH_WALL};messageid=${thread.rootPostId}`).length > 0,
      );
      await mention(sam, TECH_WALL, 'watch bu:tech-support', 'already watches Tech Support');

      await mention(
        sam,
        TECH_WALL,
        'unwatch bu:"Tech Support"',
        /Stopped watching Tech Support here \(\d+ threads? closed\)/,
      );
      expect((await h.app.store.threads.forChat(id)).find((t) => t.id === thread.id)?.active).toBe(false);
      const creates = h.connector.callsOf('create').length;
      await newChat('Tech Support');
      await settle(800);
      expect(h.connector.callsOf('create').length).toBe(creates);
      await mention(sam, TECH_WALL, 'unwatch bu:"Tech Support"', 'does not watch Tech Support');
    }, 20_000);

    it('watch needs a real business unit and the permission', async () => {
      expect(latestText(await mention(sam, TECH_WALL, 'watch bu:Nowhere', 'no business unit called'))).toContain(
        'Sales',
      );
      await mention(sue, TECH_WALL, 'watch bu:Sales', 'Supervise Open Chats');
    });

    it('watch in the personal chat says it works in a channel, and watches nothing', async () => {
      const t = latestText(await ask(sam, 'watch bu:Sales', /works in a team channel/));
      expect(t).toMatch(/@mention/i);
      expect(t).not.toContain('Watching Sales');
      expect(await h.app.store.watches.forBusinessUnit('Sales')).toEqual([]);
      await ask(sam, 'unwatch bu:Sales', /works in the channel that watches/);
    });

    it('whisper <chat> <text> sends one whisper; it shows in the live card and in the wall thread of the chat', async () => {
      await mention(sam, ECHO_WALL, 'watch bu:"Customer Support"', 'Watching Customer Support here.');
      const { ref, conversationId, id } = await newChat('Customer Support', 'carla.diaz@acme.test');
      await ask(sam, `supervise ${ref}`, `Supervising ${ref}`);
      const card = await liveCard(sam, ref);
      const thread = await waitFor('wall thread', async () =>
        (await h.app.store.threads.forChat(id)).find((t) => t.destination === ECHO_WALL && t.rootPostId),
      );

      await ask(sam, `whisper ${ref} offer the 10% voucher`, `Whispered to Carla Diaz on ${ref}`);
      expect(sentToConvrs(conversationId, 'SendWhisper').map((c) => c.params)).toEqual([
        { conversationId, text: 'offer the 10% voucher', by: sam.email },
      ]);
      await waitFor('whisper in the live card', () =>
        /Whisper from Sam Boss[\s\S]*offer the 10% voucher/.test(latestText(card)),
      );
      const wall = `${ECHO_WALL};messageid=${thread.rootPostId}`;
      await waitFor('whisper in the wall thread', () =>
        h.connector.postsIn(wall).some((p) => /Whisper from Sam Boss[\s\S]*offer the 10% voucher/.test(latestText(p))),
      );
      await settle();
      // Once each, although Convrs echoes the whisper back as an event.
      expect(h.connector.postsIn(wall).filter((p) => latestText(p).includes('10% voucher'))).toHaveLength(1);
      expect(latestText(card).match(/10% voucher/g)).toHaveLength(1);
      expect(sentToConvrs(conversationId, 'SendWhisper')).toHaveLength(1);
      await mention(sam, ECHO_WALL, 'unwatch bu:"Customer Support"', 'Stopped watching Customer Support');
    }, 25_000);

    it('whisper without text shows the usage; nothing is sent', async () => {
      const { ref, conversationId } = await newChat('Sales');
      expect(latestText(await ask(sam, `whisper ${ref}`, 'needs a message'))).toContain('Usage: whisper <chat> <text>');
      await settle(300);
      expect(sentToConvrs(conversationId, 'SendWhisper')).toHaveLength(0);
    });

    it("the live card's whisper box sends one whisper; an empty box is refused and sends nothing", async () => {
      const { ref, conversationId } = await newChat('Sales', 'ann.lee@acme.test');
      await ask(sam, `supervise ${ref}`, `Supervising ${ref}`);
      const card = await liveCard(sam, ref);
      const send = submitsOf(h.connector.latest(card)).find((s) => s.action === 'whisper');
      expect(send).toEqual({ convrs: 1, action: 'whisper', chat: ref });
      expect(inputsOf(h.connector.latest(card)).find((i) => i.id === 'whisper')?.placeholder).toBe(
        'Whisper to Ann Lee',
      );

      // Teams merges the box into the button's data.
      await submit(sam, { ...send, whisper: '   ' }, 'Type a whisper in the box first.');
      await submit(sam, { ...send }, 'Type a whisper in the box first.');
      await settle(300);
      expect(sentToConvrs(conversationId, 'SendWhisper')).toHaveLength(0);

      await submit(sam, { ...send, whisper: 'ask for the order number' }, `Whispered to Ann Lee on ${ref}`);
      expect(sentToConvrs(conversationId, 'SendWhisper').map((c) => c.params.text)).toEqual([
        'ask for the order number',
      ]);
      await waitFor('whisper in the live card', () => latestText(card).includes('ask for the order number'));
    }, 20_000);
  });

  describe('transfer', () => {
    it('transfer to an agent email moves the chat in Convrs and updates the live card in place', async () => {
      const { ref, conversationId } = await newChat('Sales', 'ann.lee@acme.test');
      await ask(sam, `supervise ${ref}`, `Supervising ${ref}`);
      const card = await liveCard(sam, ref);
      await ask(
        sam,
        `transfer ${ref} to bob.marsh@acme.test`,
        `${ref} transferred to Bob Marsh (bob.marsh@acme.test).`,
      );
      expect(simChat(conversationId).agent?.email).toBe('bob.marsh@acme.test');
      expect(sentToConvrs(conversationId, 'TransferConversation')).toHaveLength(1);
      await waitFor(
        'card shows the new agent',
        () => /Agent[\s\S]*Bob Marsh/.test(latestText(card)) && latestText(card).includes('Transferred'),
      );
      expect(h.connector.callsOf('update').some((c) => c.activityId === card.id)).toBe(true);
      // Updated in place: still one card for this chat.
      expect(
        h.connector
          .postsIn(me)
          .filter((p) => p.activity.attachments && latestText(p).includes(`${ref} ·`) && inputsOf(p.activity).length),
      ).toHaveLength(1);
    }, 20_000);

    it('transfer to bu:"…" by @mention in a channel moves the chat to that business unit', async () => {
      const { ref, conversationId } = await newChat('Sales', 'ann.lee@acme.test');
      await mention(sam, WALL, `transfer ${ref} to bu:"Tech Support"`, `${ref} transferred to Tech Support.`);
      expect(simChat(conversationId).businessUnit).toBe('Tech Support');
    }, 20_000);

    it('transfer to an unknown agent explains and sends nothing', async () => {
      const { ref, conversationId } = await newChat('Sales', 'ann.lee@acme.test');
      expect(latestText(await ask(sam, `transfer ${ref} to ghost@acme.test`, 'There is no agent'))).toContain('agents');
      expect(sentToConvrs(conversationId, 'TransferConversation')).toHaveLength(0);
    });

    it('transfer <chat> alone answers a card with agent and BU choices; its submit transfers', async () => {
      const { ref, conversationId } = await newChat('Sales', 'ann.lee@acme.test');
      const form = h.connector.latest(await ask(sam, `transfer ${ref}`, `Transfer ${ref}`));
      const inputs = inputsOf(form);
      const agents = inputs.find((i) => i.id === 'agent');
      const bus = inputs.find((i) => i.id === 'bu');
      expect(agents?.type).toBe('Input.ChoiceSet');
      expect(agents.choices.map((c: any) => c.value)).toEqual(
        expect.arrayContaining(['carla.diaz@acme.test', 'bob.marsh@acme.test']),
      );
      expect(agents.choices.map((c: any) => c.value)).not.toContain('ann.lee@acme.test'); // the current agent
      expect(agents.choices.map((c: any) => c.value)).not.toContain('gus.grey@acme.test'); // disabled
      expect(bus?.choices.map((c: any) => c.value)).toEqual(
        expect.arrayContaining(['Sales', 'Customer Support', 'Tech Support']),
      );
      const go = submitsOf(form).find((s) => s.action === 'transfer-to');
      expect(go).toEqual({ convrs: 1, action: 'transfer-to', chat: ref });
      expect(submitsOf(form).find((s) => s.action === 'cancel')).toEqual({ convrs: 1, action: 'cancel', chat: ref });

      await submit(
        sam,
        { ...go, agent: 'carla.diaz@acme.test' },
        `${ref} transferred to Carla Diaz (carla.diaz@acme.test).`,
      );
      expect(simChat(conversationId).agent?.email).toBe('carla.diaz@acme.test');
      expect(sentToConvrs(conversationId, 'TransferConversation')).toHaveLength(1);
    }, 20_000);

    it('the transfer form submitted with no pick or with both, or cancelled, sends nothing', async () => {
      const { ref, conversationId } = await newChat('Sales', 'ann.lee@acme.test');
      const go = { convrs: 1, action: 'transfer-to', chat: ref };
      await submit(sam, go, 'Pick an agent or a business unit.');
      await submit(sam, { ...go, agent: '', bu: '' }, 'Pick an agent or a business unit.');
      await submit(
        sam,
        { ...go, agent: 'carla.diaz@acme.test', bu: 'Tech Support' },
        'Pick one: an agent or a business unit, not both.',
      );
      await submit(sam, { convrs: 1, action: 'cancel', chat: ref }, `Cancelled. Nothing was done to ${ref}.`);
      await settle();
      expect(sentToConvrs(conversationId, 'TransferConversation')).toHaveLength(0);
      expect(simChat(conversationId).agent?.email).toBe('ann.lee@acme.test');
    });

    it('the transfer form submitted with a BU transfers to it', async () => {
      const { ref, conversationId } = await newChat('Sales', 'ann.lee@acme.test');
      await submit(
        sam,
        { convrs: 1, action: 'transfer-to', chat: ref, bu: 'Customer Support' },
        `${ref} transferred to Customer Support.`,
      );
      expect(simChat(conversationId).businessUnit).toBe('Customer Support');
    });
  });

  describe('find chats and agents', () => {
    it('open lists chats with a Supervise button per row and pages with Previous/Next', async () => {
      // Enough open chats for two pages (10 a page).
      const open = async () => (await h.app.store.chats.query({ status: 'open' }, { page: 1, pageSize: 1 })).total;
      const made: string[] = [];
      while ((await open()) < 12) made.push((await newChat('Sales', undefined, 0)).ref);
      const total = await open();
      const pages = Math.ceil(total / 10);

      const first = h.connector.latest(await ask(sam, 'open', `Open chats (${total})`));
      expect(plain(textOfActivity(first))).toContain(`10 of ${total} · page 1/${pages}`);
      // Chats this user already supervises offer Unsupervise instead.
      const rows = submitsOf(first).filter((s) => s.action === 'supervise' || s.action === 'unsupervise');
      expect(rows).toHaveLength(10);
      for (const r of rows)
        expect(r).toEqual({
          convrs: 1,
          action: r.action,
          chat: expect.stringMatching(/^C-\d+$/),
          command: `${r.action} ${r.chat}`,
        });
      const pager = submitsOf(first).filter((s) => s.action === 'page');
      expect(pager).toEqual([{ convrs: 1, action: 'page', command: 'open page:2' }]);

      const second = h.connector.latest(await submit(sam, pager[0], `page 2/${pages}`));
      const rows2 = submitsOf(second)
        .filter((s) => s.action === 'supervise')
        .map((s) => s.chat);
      expect(rows2.length).toBeGreaterThan(0);
      expect(rows2.filter((r) => rows.some((x) => x.chat === r))).toEqual([]);
      expect(
        submitsOf(second)
          .filter((s) => s.action === 'page')
          .map((s) => s.command),
      ).toContain('open page:1');

      // A row's Supervise button supervises that chat.
      const pick = rows[0].chat;
      await submit(sam, rows[0], new RegExp(`Supervising ${pick}|You already supervise ${pick}`));
      await liveCard(sam, pick);
    }, 30_000);

    it('open with filters lists only what matches', async () => {
      const { ref } = await newChat('Tech Support', 'eve.novak@acme.test');
      const t = latestText(
        await ask(sam, 'open bu:"Tech Support" agent:eve.novak@acme.test sort:started', 'Open chats'),
      );
      expect(t).toContain(ref);
      expect(t).not.toMatch(/· Sales ·/);
      expect(latestText(await ask(sam, 'open bu:Sales agent:nobody@acme.test', 'Open chats'))).toContain(
        'No chats match.',
      );
    });

    it('chats with filters, and bad filters get the right form', async () => {
      const { ref, conversationId } = await newChat('Sales', 'bob.marsh@acme.test');
      h.sim.control.finish(conversationId);
      await waitFor(
        'chat closed',
        async () => (await h.app.store.chats.byConversationId(conversationId))?.status === 'closed',
      );
      const today = new Date().toISOString().slice(0, 10);
      const t = latestText(
        await ask(sam, `chats from:${today} bu:Sales status:closed agent:bob.marsh@acme.test`, 'All chats'),
      );
      expect(t).toContain(ref);
      expect(t).toContain('closed');

      const bad: [string, RegExp][] = [
        ['chats from:2026-02-30', /`from:2026-02-30` is not a real date\. Use from:YYYY-MM-DD/],
        ['chats status:maybe', /`status:maybe` is not a valid status filter\. Use status:open or status:closed/],
        ['chats csat:9', /`csat:9` is not a valid CSAT filter/],
        ['chats closed', /Did you mean `status:closed`\?/],
        ['open colour:red', /Unknown filter `colour:red`/],
        ['chats from:2026-11-24 to:2026-11-01', /start date must be on or before the end date/],
        ['open bu:Nowhere', /no business unit called "Nowhere"/],
      ];
      for (const [text, want] of bad) {
        const answer = latestText(await ask(sam, text, want));
        expect(answer).not.toMatch(NO_STACK);
      }
      // sue has no All Chats permission.
      await ask(sue, 'chats', 'All Chats');
    }, 30_000);

    it('agents lists status, load and BUs, with filters; also by @mention', async () => {
      const t = latestText(await ask(sam, 'agents bu:Sales', 'Agents ('));
      for (const name of ['Ann Lee', 'Bob Marsh', 'Sue Sales']) expect(t).toContain(name);
      expect(t).not.toContain('Carla Diaz');
      expect(t).toMatch(/\d+ of \d+/);
      const busy = latestText(await mention(sam, WALL, 'agents status:busy', 'Agents ('));
      expect(busy).toContain('Bob Marsh');
      expect(busy).not.toContain('Ann Lee');
      await ask(sam, 'agents status:sleepy', /`status:sleepy` is not a valid status filter/);
    });

    it('score answers with the figures and their source; report is a table per BU and agent; also by @mention', async () => {
      const { ref } = await newChat('Sales', 'ann.lee@acme.test', 2);
      const scored = latestText(
        await ask(sam, `score ${ref}`, new RegExp(`${ref}: sentiment|${ref} has no customer messages`)),
      );
      expect(scored).toMatch(/predicted CSAT \d(\.\d)?\/5/);
      expect(scored).not.toMatch(NO_STACK);
      const table = latestText(await ask(sam, 'report bu:Sales', 'Report 2'));
      expect(table).toContain('BU: Sales');
      expect(table).toContain('Agent: Ann Lee');
      expect(table).not.toContain('BU: Tech Support');
      await mention(sam, WALL, 'report', 'Report 2');
      // sue has no All Chats permission.
      await ask(sue, 'report', 'All Chats');
    });
  });

  describe('permissions', () => {
    it('sue finishing a Customer Support chat from a card gets the reason; nothing goes to Convrs', async () => {
      const { ref, conversationId } = await newChat('Customer Support');
      const t = latestText(
        await submit(sue, { convrs: 1, action: 'finish', chat: ref, command: `finish ${ref} confirm` }, 'Supervise'),
      );
      expect(t).toContain('You need the Convrs permission "Supervise" in Customer Support');
      await submit(
        sue,
        { convrs: 1, action: 'transfer', chat: ref, command: `transfer ${ref}` },
        'in Customer Support',
      );
      await settle();
      expect(sentToConvrs(conversationId).filter((c) => c.cmd !== 'GetConversation')).toEqual([]);
      expect(simChat(conversationId).status).toBe('open');
    });

    it('sue may supervise and finish a Sales chat (her BU), with the confirmation first', async () => {
      const { ref, conversationId } = await newChat('Sales');
      const confirm = h.connector.latest(
        await submit(sue, { convrs: 1, action: 'finish', chat: ref, command: `finish ${ref}` }, `Finish ${ref}`),
      );
      const yes = submitsOf(confirm).find((s) => s.action === 'finish');
      expect(yes).toEqual({ convrs: 1, action: 'finish', chat: ref, command: `finish ${ref} confirm` });
      expect(sentToConvrs(conversationId, 'FinishConversation')).toHaveLength(0);
      await submit(sue, yes, `${ref} finished.`);
      expect(simChat(conversationId).status).toBe('closed');
    });

    it("a stranger's command gets the not-a-Convrs-agent guidance; nothing is sent", async () => {
      const { ref, conversationId } = await newChat('Sales');
      const t = latestText(await ask(stranger, `whisper ${ref} hello`, 'not a Convrs agent'));
      expect(t).toContain(stranger.email);
      expect(t).toMatch(/Ask your Convrs admin/);
      await mention(stranger, WALL, `supervise ${ref}`, 'not a Convrs agent');
      await settle();
      expect(sentToConvrs(conversationId, 'SendWhisper')).toHaveLength(0);
      expect(await h.app.store.threads.forChat((await h.app.store.chats.byConversationId(conversationId))!.id)).toEqual(
        [],
      );
    });
  });
});
