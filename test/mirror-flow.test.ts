// Simulator → webhook → inbox → queue → drain → terminal surface: exactly once, in Convrs order, under duplicates and shuffling.
import { command, mirrored, replies, startHarness, waitFor, type Harness } from './harness';
import { orderFaults } from './order-check';

const WINDOW_MS = 1500;

describe.each(['sqlite', 'postgres'] as const)('mirroring on %s', (db) => {
  let h: Harness;
  beforeAll(async () => {
    // Order is guaranteed for deliveries that arrive within REORDER_WINDOW_MS of each other; this burst's
    // duplicated, shuffled, one-at-a-time delivery spreads 50 messages over ~0.6 s, so the window is 1.5 s here (on a
    // loaded box they can spread further: the order check measures, see orderFaults).
    h = await startHarness({
      db,
      duplicateRate: 0.5,
      shuffleWindowMs: 60,
      env: { REORDER_WINDOW_MS: String(WINDOW_MS) },
    });
  });
  afterAll(async () => h?.stop());

  it('mirrors a watched business unit exactly once, in order, despite duplicate and shuffled deliveries', async () => {
    const conv = h.sim.control.startChat({ businessUnit: 'Sales', messages: 0 });
    await waitFor('chat stored', () => h.app.store.chats.byConversationId(conv.conversationId));
    await command(h, 'sam', 'watch bu:Sales');
    await waitFor('watch reply', () => replies(h).find((r) => r.text.includes('Watching Sales')));
    const sent: string[] = [];
    for (let i = 1; i <= 50; i++) {
      const text = `message ${i}`;
      h.sim.control.say(conv.conversationId, i % 3 ? 'customer' : 'agent', text);
      sent.push(text);
    }
    await h.sim.flush();
    const chat = (await h.app.store.chats.byConversationId(conv.conversationId))!;
    const thread = await waitFor('team thread', async () =>
      (await h.app.store.threads.forChat(chat.id)).find((t) => t.kind === 'team'),
    );
    const lines = await waitFor(
      'all 50 lines',
      () => {
        const got = mirrored(h, thread.id).filter((t) => t.startsWith('message '));
        return got.length >= 50 ? got : undefined;
      },
      20_000,
    );
    await new Promise((r) => setTimeout(r, 500));
    const final = mirrored(h, thread.id).filter((t) => t.startsWith('message '));
    const stored = await h.app.store.messages.recent(chat.id, 200);
    const received = (text: string | undefined) => stored.find((m) => m.text === text)?.receivedAt.getTime() ?? NaN;
    const shown = final.map((text) => ({ pos: sent.indexOf(text), received: received(text) }));
    expect(orderFaults(WINDOW_MS, sent.length, [{ lines: shown, ended: false }], (pos) => received(sent[pos]))).toEqual(
      [],
    );
    expect(lines).toHaveLength(50);
    expect(h.sim.stats.duplicatesSent).toBeGreaterThan(0);
    // The thread starts with its chat card, once.
    expect(h.surface.records.filter((r) => r.kind === 'thread' && r.threadId === thread.id)).toHaveLength(1);
  });

  it('starts a personal thread with the recent history when supervision begins', async () => {
    const conv = h.sim.control.startChat({ businessUnit: 'Customer Support', messages: 0 });
    for (let i = 1; i <= 25; i++) h.sim.control.say(conv.conversationId, 'customer', `early ${i}`);
    await h.sim.flush();
    // Every Convrs message stored (our own notes, such as "Assigned to …", also take sequence numbers).
    const mids = h.sim.state.messagesOf(conv.conversationId).map((m) => m.mid);
    const chat = await waitFor('every message stored', async () => {
      const c = await h.app.store.chats.byConversationId(conv.conversationId);
      if (!c) return undefined;
      for (const mid of mids) if (!(await h.app.store.messages.byMid(c.id, mid))) return undefined;
      return c;
    });
    await command(h, 'sam', `supervise ${chat.ref}`);
    const thread = await waitFor('personal thread', async () =>
      (await h.app.store.threads.personalOf('terminal', 'sam')).find((t) => t.chatId === chat.id),
    );
    const expected = (await h.app.store.messages.recent(chat.id, 20)).map((m) => m.text);
    expect(expected).toHaveLength(20);
    expect(expected[19]).toBe('early 25');
    const history = await waitFor('history posted', () => {
      const got = mirrored(h, thread.id);
      return got.length >= 20 ? got : undefined;
    });
    expect(history).toEqual(expected);
    expect(replies(h).some((r) => r.text.includes(`Supervising ${chat.ref}`))).toBe(true);
  });
});
