// Websocket intake: events mirrored live; after a dropped connection the bot reconnects and reconciles
// (GetOpenConversations + GetConversation), so messages sent while it was away appear exactly once, in order.
import { startSimulator, type Conversation } from '../adapters/convrs/simulator';
import { connect } from '../adapters/convrs/simulator/testkit';
import type { Chat, Thread } from '../src/core/model';
import { ask, commandsSince, sleep } from './flow-helpers';
import { mirrored, startHarness, waitFor, type Harness } from './harness';

describe('simulator control.dropConnections', () => {
  it('cuts every websocket client at once; events emitted meanwhile reach nobody', async () => {
    const sim = await startSimulator({ token: 'tok', traffic: false });
    try {
      const a = await connect(sim.wsUrl);
      a.send({ token: 'tok', cmd: 'Authenticate' });
      expect(await a.next()).toEqual({ cmd: 'Authenticate', ok: 1 });
      const anon = await connect(sim.wsUrl);
      expect(sim.control.dropConnections()).toBe(2);
      const delivered = sim.stats.delivered;
      const conv = sim.control.startChat({ businessUnit: 'Sales' });
      await sim.flush();
      expect(await a.closed).toBeGreaterThan(0);
      expect(await anon.closed).toBeGreaterThan(0);
      expect(sim.stats.delivered).toBe(delivered);
      expect(a.frames).toHaveLength(1);
      // The server still accepts new connections afterwards.
      const b = await connect(sim.wsUrl);
      b.send({ token: 'tok', cmd: 'Authenticate' });
      expect(await b.next()).toEqual({ cmd: 'Authenticate', ok: 1 });
      sim.control.say(conv.conversationId, 'customer', 'hello again');
      expect(await b.next((f) => (f.data as { text?: string } | undefined)?.text === 'hello again')).toMatchObject({
        cmd: 'onMessage',
      });
      expect(sim.control.dropConnections()).toBe(1);
    } finally {
      await sim.stop();
    }
  });
});

describe('bot on the Convrs websocket', () => {
  let h: Harness;
  let conv: Conversation;
  let chat: Chat;
  let thread: Thread;
  const sent: string[] = [];

  const authentications = () => h.sim.commandLog.filter((e) => e.cmd === 'Authenticate' && e.transport === 'ws').length;
  const said = (text: string) => {
    h.sim.control.say(conv.conversationId, sent.length % 2 ? 'agent' : 'customer', text);
    sent.push(text);
  };
  const ours = () => mirrored(h, thread.id).filter((t) => sent.includes(t));

  beforeAll(async () => {
    h = await startHarness({ events: 'websocket' });
    await waitFor('bot authenticated on the websocket', () => authentications() === 1);
    await sleep(50);
  });
  afterAll(async () => h?.stop());

  it('mirrors a watched chat live over the websocket', async () => {
    conv = h.sim.control.startChat({ businessUnit: 'Sales', agentEmail: 'ann.lee@acme.test', messages: 0 });
    chat = await waitFor('chat stored from the websocket', () =>
      h.app.store.chats.byConversationId(conv.conversationId),
    );
    expect((await ask(h, 'sam', 'watch bu:Sales')).text).toContain('Watching Sales');
    thread = await waitFor('team thread', async () =>
      (await h.app.store.threads.forChat(chat.id)).find((t) => t.kind === 'team'),
    );
    for (let i = 1; i <= 5; i++) said(`live ${i}`);
    await waitFor('live lines mirrored', () => ours().length === 5);
    expect(ours()).toEqual(sent);
  });

  it('fills the gap after a dropped connection: every message once, in order', async () => {
    const reconnectedBefore = authentications();
    const mark = h.sim.commandLog.length;
    const delivered = h.sim.stats.delivered;
    expect(h.sim.control.dropConnections()).toBe(1);
    // Sent while the bot is disconnected: lost on the socket, as with a real network cut.
    for (let i = 1; i <= 6; i++) said(`gap ${i}`);
    // A chat that starts while the bot is away.
    const missed = h.sim.control.startChat({ businessUnit: 'Sales', agentEmail: 'bob.marsh@acme.test', messages: 2 });
    expect(h.sim.stats.delivered).toBe(delivered);

    await waitFor('bot reconnected', () => authentications() > reconnectedBefore, 10_000);
    await waitFor('gap filled', () => ours().length === sent.length, 10_000);
    expect(ours()).toEqual(sent);
    // The catch-up asked Convrs for the open chats and each chat's messages.
    const asked = commandsSince(h, mark).map((e) => e.cmd);
    expect(asked).toContain('GetOpenConversations');
    expect(asked).toContain('GetConversation');

    // The chat that started while the bot was away is on the wall too, with its messages once each.
    const missedChat = await waitFor('missed chat stored', () =>
      h.app.store.chats.byConversationId(missed.conversationId),
    );
    const missedThread = await waitFor('missed chat on the wall', () =>
      h.app.store.threads.find(missedChat.id, 'terminal', 'tty'),
    );
    const missedTexts = h.sim.state.messagesOf(missed.conversationId).map((m) => m.text);
    await waitFor('missed chat history mirrored', () =>
      missedTexts.every((t) => mirrored(h, missedThread.id).includes(t)),
    );
    const missedShown = mirrored(h, missedThread.id).filter((t) => missedTexts.includes(t));
    expect(missedShown).toEqual(missedTexts);

    // Live again: new messages flow over the new connection, still once and in order.
    for (let i = 1; i <= 4; i++) said(`after ${i}`);
    await waitFor('after-reconnect lines mirrored', () => ours().length === sent.length);
    await sleep(500);
    expect(ours()).toEqual(sent);
    expect(new Set(mirrored(h, thread.id)).size).toBe(mirrored(h, thread.id).length);
  });

  it('closes a chat that finished while the bot was disconnected', async () => {
    const before = authentications();
    const conv2 = h.sim.control.startChat({ businessUnit: 'Sales', messages: 1 });
    const chat2 = await waitFor('chat stored', () => h.app.store.chats.byConversationId(conv2.conversationId));
    const t2 = await waitFor('chat on the wall', () => h.app.store.threads.find(chat2.id, 'terminal', 'tty'));
    await waitFor('reconnected and settled', async () => (await h.app.store.chats.get(chat2.id))!.status === 'open');
    h.sim.control.dropConnections();
    h.sim.control.say(conv2.conversationId, 'customer', 'bye then');
    h.sim.control.finish(conv2.conversationId);
    await waitFor('bot reconnected', () => authentications() > before, 10_000);
    await waitFor(
      'chat closed by the catch-up',
      async () => (await h.app.store.chats.get(chat2.id))!.status === 'closed',
      10_000,
    );
    await waitFor('last message and finish note mirrored', () => {
      const got = mirrored(h, t2.id);
      return got.includes('bye then') && got.includes('Chat finished');
    });
    const got = mirrored(h, t2.id);
    expect(got.filter((x) => x === 'bye then')).toHaveLength(1);
    expect(got.indexOf('bye then')).toBeLessThan(got.indexOf('Chat finished'));
  });

  it('keeps order when the chat goes on talking while the bot reconnects and catches up', async () => {
    const before = authentications();
    expect(h.sim.control.dropConnections()).toBe(1);
    // Messages every 20 ms across the cut, the reconnect and the catch-up: the early ones are lost on the socket
    // (reconcile must bring them), the later ones arrive live while the catch-up runs.
    for (let i = 1; i <= 60; i++) {
      said(`steady ${i}`);
      await sleep(20);
    }
    expect(authentications()).toBeGreaterThan(before);
    await waitFor('all mirrored', () => ours().length === sent.length, 10_000);
    await sleep(500);
    expect(ours()).toEqual(sent);
  });
});
