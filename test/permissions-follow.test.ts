// Permissions follow the chat: a move to another unit, or a supervisor's rights changing, ends the threads whose
// viewers may no longer see the chat (one closing note, then nothing); the new unit's walls open; loads stay true.
import { ask, linesOf, sleep } from './flow-helpers';
import { command, replies, startHarness, waitFor, type Harness } from './harness';
import type { Chat } from '../src/core/model';

describe.each(['sqlite', 'postgres'] as const)('permissions follow the chat on %s', (db) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ db });
  });
  afterAll(async () => h?.stop());

  async function salesChat(): Promise<{ conversationId: string; chat: Chat }> {
    const conv = h.sim.control.startChat({ businessUnit: 'Sales', messages: 0 });
    h.sim.control.say(conv.conversationId, 'customer', 'hello there');
    await h.sim.flush();
    // Stored with the agent the simulator gave it (its assignment is a separate event, applied a moment later).
    const chat = await waitFor('chat stored', async () => {
      const c = await h.app.store.chats.byConversationId(conv.conversationId);
      return c && (c.agentEmail ?? null) === (conv.agent?.email ?? null) ? c : null;
    });
    return { conversationId: conv.conversationId, chat };
  }

  const personalThread = (user: string, chatId: number) =>
    waitFor(`${user}'s thread posted`, async () =>
      (await h.app.store.threads.personalOf('terminal', user)).find((t) => t.chatId === chatId && t.rootPostId),
    );
  const texts = (threadId: number) => linesOf(h, threadId).map((l) => l.text);
  const cardsOf = (threadId: number) =>
    h.surface.records
      .filter((r) => (r.kind === 'card' || r.kind === 'thread') && r.threadId === threadId)
      .map((r) => r.card!);

  it.each([
    ['by a supervisor in the bot', 'bot'],
    ['in the Convrs app', 'convrs'],
  ] as const)(
    'a chat transferred out of her unit %s stops streaming to a Sales-only supervisor, with one note',
    async (_label, how) => {
      const { conversationId, chat } = await salesChat();
      await ask(h, 'sue', `supervise ${chat.ref}`);
      await ask(h, 'sam', `supervise ${chat.ref}`);
      const sue = await personalThread('sue', chat.id);
      const sam = await personalThread('sam', chat.id);
      await waitFor('history in her thread', () => texts(sue.id).includes('hello there'));

      if (how === 'bot') await ask(h, 'sam', `transfer ${chat.ref} to bu:"Tech Support"`);
      else h.sim.control.transfer(conversationId, { toBusinessUnit: 'Tech Support' });
      const note = `${chat.ref} moved to Tech Support; you no longer supervise it.`;
      await waitFor('closing note in her thread', () => texts(sue.id).includes(note));

      h.sim.control.say(conversationId, 'customer', 'after the move');
      h.sim.control.say(conversationId, 'agent', 'tech agent here');
      await h.sim.flush();
      await waitFor('the line reaches the admin', () => texts(sam.id).includes('after the move'));
      await sleep(400);

      const hers = texts(sue.id);
      expect(hers.filter((t) => t === note)).toHaveLength(1);
      expect(hers[hers.length - 1]).toBe(note);
      expect(hers).not.toContain('after the move');
      expect(hers).not.toContain('tech agent here');
      expect(texts(sam.id)).not.toContain(note);
      // Her card lost its buttons; nothing re-adds them.
      const last = cardsOf(sue.id).at(-1)!;
      expect(last.actions).toEqual([]);
      expect((await h.app.store.threads.get(sue.id))!.active).toBe(false);
      // A later history (someone supervises again) does not carry her personal note.
      await ask(h, 'tom', `supervise ${chat.ref}`);
      const tom = await personalThread('tom', chat.id);
      await waitFor('tom sees history', () => texts(tom.id).includes('after the move'));
      expect(texts(tom.id)).not.toContain(note);
      // Her whisper is refused.
      const r = await ask(h, 'sue', `whisper ${chat.ref} please check`);
      expect(r.text).toMatch(/permission "Supervise" in Tech Support/);
    },
  );

  it('a wall of the old unit gets a note and stops; a wall of the new unit opens a thread', async () => {
    await ask(h, 'sam', 'watch bu:Sales', 'sales-wall');
    await ask(h, 'sam', 'watch bu:"Tech Support"', 'tech-wall');
    const { conversationId, chat } = await salesChat();
    const wall = await waitFor('sales wall thread', async () =>
      (await h.app.store.threads.forChat(chat.id)).find((t) => t.destination === 'sales-wall' && t.rootPostId),
    );
    await waitFor('line on the wall', () => texts(wall.id).includes('hello there'));
    expect(cardsOf(wall.id)[0].actions).toEqual(['suggest', 'transfer', 'finish']);

    h.sim.control.transfer(conversationId, { toBusinessUnit: 'Tech Support' });
    await h.sim.flush();
    const note = `${chat.ref} moved to Tech Support, which this channel does not watch; it is no longer shown here.`;
    await waitFor('wall note', () => texts(wall.id).includes(note));
    const tech = await waitFor('tech wall thread', async () =>
      (await h.app.store.threads.forChat(chat.id)).find(
        (t) => t.destination === 'tech-wall' && t.active && t.rootPostId,
      ),
    );
    h.sim.control.say(conversationId, 'customer', 'still broken');
    await h.sim.flush();
    await waitFor('line on the new wall', () => texts(tech.id).includes('still broken'));
    await sleep(300);
    expect(texts(wall.id)).not.toContain('still broken');
    expect(texts(wall.id).at(-1)).toBe(note);
    // A finished chat offers no transfer or finish on a wall.
    h.sim.control.finish(conversationId);
    await h.sim.flush();
    await waitFor('card without buttons', () => cardsOf(tech.id).at(-1)?.actions.length === 0);
    await command(h, 'sam', 'unwatch bu:Sales', 'sales-wall');
    await command(h, 'sam', 'unwatch bu:"Tech Support"', 'tech-wall');
    await waitFor('unwatched', () => replies(h).filter((x) => x.text.includes('Stopped watching')).length >= 2);
  });

  it('a supervisor who loses a unit in Convrs stops receiving its chats', async () => {
    const { conversationId, chat } = await salesChat();
    await ask(h, 'sue', `supervise ${chat.ref}`);
    const sue = await personalThread('sue', chat.id);
    await waitFor('history in her thread', () => texts(sue.id).includes('hello there'));
    h.sim.control.setAgentAccess('sue.sales@acme.test', { businessUnits: ['Customer Support'] });
    await h.sim.flush();
    const note = `You no longer have the Supervise permission for Sales, so you no longer supervise ${chat.ref}.`;
    await waitFor('closing note', () => texts(sue.id).includes(note));
    h.sim.control.say(conversationId, 'customer', 'are you there?');
    await h.sim.flush();
    await sleep(500);
    expect(texts(sue.id)).not.toContain('are you there?');
    h.sim.control.setAgentAccess('sue.sales@acme.test', { businessUnits: ['Sales'] });
    await h.sim.flush();
  });

  it('agents shows the open chats each agent holds, recounted on assign, transfer and finish', async () => {
    const loadOf = async (email: string) => {
      const r = await ask(h, 'sam', `agents`);
      const row = r.view?.type === 'list' ? r.view.page.rows.find((x) => x.cells[1] === email) : undefined;
      return row?.cells[4];
    };
    const open = async (email: string) =>
      (await h.app.store.chats.query({ status: 'open', agent: email }, { page: 1, pageSize: 500 })).total;
    const { conversationId, chat } = await salesChat();
    const agent = chat.agentEmail!;
    const max = (await h.app.store.agents.byEmail(agent))!.maxChats;
    expect(await loadOf(agent)).toBe(`${await open(agent)} of ${max}`);
    h.sim.control.finish(conversationId);
    await h.sim.flush();
    await waitFor('finished', async () => (await h.app.store.chats.get(chat.id))!.status === 'closed');
    expect(await loadOf(agent)).toBe(`${await open(agent)} of ${max}`);
  });
});
