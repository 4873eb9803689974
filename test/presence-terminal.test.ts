// "Who is on it" end to end on the terminal: the cards of a chat's personal thread and wall name who supervises it,
// the wall, and the last whisper (ours and one typed in the Convrs app), and follow as supervision starts and stops.
import type { Chat, Thread } from '../src/core/model';
import { ask } from './flow-helpers';
import { startHarness, waitFor, type Harness } from './harness';

let h: Harness;
let chat: Chat;
let conversationId: string;
let wall: Thread;

/** The text of the card a thread shows now (the terminal records every print and reprint). */
const cardText = (threadId: number) =>
  h.surface.records.filter((r) => (r.kind === 'thread' || r.kind === 'card') && r.threadId === threadId).at(-1)?.text ??
  '';
const presenceLine = (threadId: number) =>
  cardText(threadId)
    .split('\n')
    .find((l) => /Supervised by|Nobody supervises/.test(l)) ?? '';
const cardShows = (threadId: number, what: string | RegExp) =>
  waitFor(
    `card of thread ${threadId} to show ${what}`,
    () =>
      (typeof what === 'string' ? presenceLine(threadId).includes(what) : what.test(presenceLine(threadId))) &&
      presenceLine(threadId),
    10_000,
  );
const hhmm = (d: Date) => d.toISOString().slice(11, 16);

beforeAll(async () => {
  h = await startHarness();
  const conv = h.sim.control.startChat({ businessUnit: 'Sales', agentEmail: 'ann.lee@acme.test', messages: 2 });
  conversationId = conv.conversationId;
  chat = await waitFor('chat stored', () => h.app.store.chats.byConversationId(conversationId));
  expect((await ask(h, 'sam', 'watch bu:Sales')).text).toContain('Watching Sales');
  wall = await waitFor('wall card posted', async () => {
    const t = await h.app.store.threads.find(chat.id, 'terminal', 'tty');
    return t?.rootPostId ? t : undefined;
  });
}, 30_000);
afterAll(async () => h?.stop());

describe('who is on a chat, on the terminal', () => {
  let personal: Thread;

  it('a wall nobody supervises says so and names itself', async () => {
    expect(presenceLine(wall.id)).toBe('│ Nobody supervises this chat · walls: Sales');
  });

  it('sam supervises: his new card and the wall card both say "Supervised by Sam Boss" and name the wall', async () => {
    expect((await ask(h, 'sam', `supervise ${chat.ref}`)).text).toContain(`Supervising ${chat.ref}`);
    personal = await waitFor('personal card posted', async () => {
      const t = (await h.app.store.threads.personalOf('terminal', 'sam')).find((x) => x.chatId === chat.id);
      return t?.rootPostId ? t : undefined;
    });
    expect(await cardShows(personal.id, 'Supervised by Sam Boss')).toBe('│ Supervised by Sam Boss · walls: Sales');
    expect(await cardShows(wall.id, 'Supervised by Sam Boss')).toBe('│ Supervised by Sam Boss · walls: Sales');
  });

  it('sam whispers: both cards show "last whisper by Sam Boss at HH:MM UTC" promptly (not at the 20 s routine pace)', async () => {
    const sent = Date.now();
    expect((await ask(h, 'sam', `whisper ${chat.ref} please offer the refund`)).text).toContain('Whispered to');
    const stored = await waitFor('whisper stored', async () =>
      (await h.app.store.messages.recent(chat.id, 50)).find((m) => m.role === 'whisper'),
    );
    const expected = `last whisper by Sam Boss at ${hhmm(stored.at)} UTC`;
    await cardShows(personal.id, expected);
    await cardShows(wall.id, expected);
    expect(Date.now() - sent).toBeLessThan(8_000);
  });

  it('a whisper typed in the Convrs web app shows its author', async () => {
    const m = h.sim.control.whisper(conversationId, 'check the order number', 'tom.tech@acme.test');
    await h.sim.flush();
    await cardShows(wall.id, 'last whisper by Tom Tech at');
    await cardShows(personal.id, 'last whisper by Tom Tech at');
    const stored = await h.app.store.messages.byMid(chat.id, m.mid);
    expect(presenceLine(wall.id)).toContain(`at ${hhmm(stored!.at)} UTC`);
  });

  it('sam stops: the wall card says "Nobody supervises this chat" again, and keeps the last whisper', async () => {
    expect((await ask(h, 'sam', `unsupervise ${chat.ref}`)).text).toContain('Stopped supervising');
    expect(await cardShows(wall.id, 'Nobody supervises this chat')).toMatch(
      /^│ Nobody supervises this chat · walls: Sales · last whisper by Tom Tech at \d\d:\d\d UTC$/,
    );
  });

  it('a move to another unit: an ended card keeps who was on it as its viewer last saw it; the card that stays loses them', async () => {
    const conv = h.sim.control.startChat({ businessUnit: 'Sales', agentEmail: 'ann.lee@acme.test', messages: 1 });
    const other = await waitFor('chat stored', () => h.app.store.chats.byConversationId(conv.conversationId));
    const sales = await waitFor('Sales wall card posted', async () => {
      const t = await h.app.store.threads.find(other.id, 'terminal', 'tty');
      return t?.rootPostId ? t : undefined;
    });
    await ask(h, 'sue', `supervise ${other.ref}`, 'dm:sue');
    await ask(h, 'sam', `supervise ${other.ref}`);
    const mine = async (user: string) =>
      waitFor(`${user}'s card`, async () => {
        const t = (await h.app.store.threads.personalOf('terminal', user)).find((x) => x.chatId === other.id);
        return t?.rootPostId ? t : undefined;
      });
    const [sue, sam] = [await mine('sue'), await mine('sam')];
    await cardShows(sam.id, 'Supervised by Sue Sales, Sam Boss · walls: Sales');
    expect((await ask(h, 'sam', `transfer ${other.ref} to bu:"Tech Support"`)).text).toMatch(
      /Transferred|moved|Tech Support/,
    );
    // Sue (Sales only) and the Sales wall are out: their cards, without buttons, name Sam, not the units' new walls.
    await waitFor("sue's card ended", () => /╰─ \(no actions here\)/.test(cardText(sue.id)));
    await cardShows(sue.id, /^│ Supervised by Sam Boss$/);
    await cardShows(sales.id, /^│ Supervised by Sam Boss$/);
    expect(cardText(sales.id)).toMatch(/╰─ \(no actions here\)$/);
    // Sam (every unit) stays, and his card no longer names sue or the Sales wall.
    expect(await cardShows(sam.id, /^│ Supervised by Sam Boss$/)).toBe('│ Supervised by Sam Boss');
  }, 20_000);

  it('a refresh with nothing new renders the very same card (the terminal prints a card again only when it changed)', async () => {
    const prints = () => h.surface.records.filter((r) => r.kind === 'card' && r.threadId === wall.id).length;
    const before = prints();
    await h.app.jobs.refreshCards(chat.id, 'state');
    await waitFor('refresh ran', () => prints() > before);
    const texts = h.surface.records.filter((r) => r.kind === 'card' && r.threadId === wall.id).map((r) => r.text);
    expect(texts.at(-1)).toBe(texts.at(-2));
  });
});
