// A supervisor's reply in a mirrored thread becomes a whisper to the agent (never a customer message), is
// acknowledged to its author, shows in every OTHER thread of the chat once, and is sent once however often it is delivered.
import type { Conversation } from '../adapters/convrs/simulator';
import type { Chat, Thread } from '../src/core/model';
import type { ThreadReply } from '../src/core/usecases/send-whisper';
import { ask, commandsSince, linesOf, MUTATING, sleep } from './flow-helpers';
import { mirrored, startHarness, waitFor, type Harness } from './harness';

const SAM = 'sam.boss@acme.test';
const SUE = 'sue.sales@acme.test';

let h: Harness;
let conv: Conversation;
let chat: Chat;
/** sam's personal thread of the Sales chat (destination dm:sam). */
let personal: Thread;
/** The Sales wall in destination 'tty' (a second thread of the same chat). */
let team: Thread;
let replySeq = 0;

async function reply(
  user: string,
  destination: string,
  r: Partial<ThreadReply> & { rootPostId: string; text: string },
): Promise<string> {
  const replyId = r.replyId ?? `reply-${++replySeq}-${Date.now()}`;
  await h.app.jobs.command({
    kind: 'thread-reply',
    who: { surface: 'terminal', userId: user, destination },
    reply: { replyId, rootPostId: r.rootPostId, text: r.text },
  });
  return replyId;
}

async function outcomes(): Promise<Record<string, number>> {
  const m = await h.app.metrics.whispers.get();
  return Object.fromEntries(m.values.map((v) => [String(v.labels.outcome), v.value]));
}

/** Waits until the thread-reply worker has counted one more outcome of this kind. */
async function nextOutcome(kind: string, before: Record<string, number>): Promise<void> {
  await waitFor(`whisper outcome ${kind}`, async () => ((await outcomes())[kind] ?? 0) > (before[kind] ?? 0));
}

const acks = (destination: string) =>
  h.surface.records.filter((r) => r.kind === 'ack' && r.destination === destination);

async function threadWithRoot(find: () => Promise<Thread | undefined | null>): Promise<Thread> {
  return waitFor('thread with its root posted', async () => {
    const t = await find();
    return t?.rootPostId ? t : undefined;
  });
}

beforeAll(async () => {
  h = await startHarness();
  conv = h.sim.control.startChat({ businessUnit: 'Sales', agentEmail: 'ann.lee@acme.test', messages: 2 });
  chat = await waitFor('chat stored', () => h.app.store.chats.byConversationId(conv.conversationId));
  expect((await ask(h, 'sam', `supervise ${chat.ref}`)).text).toContain(`Supervising ${chat.ref}`);
  expect((await ask(h, 'sam', 'watch bu:Sales', 'tty')).text).toContain('Watching Sales');
  personal = await threadWithRoot(async () =>
    (await h.app.store.threads.personalOf('terminal', 'sam')).find((t) => t.chatId === chat.id),
  );
  team = await threadWithRoot(() => h.app.store.threads.find(chat.id, 'terminal', 'tty'));
  expect(personal.destination).toBe('dm:sam');
  expect(team.kind).toBe('team');
  expect(team.id).not.toBe(personal.id);
});
afterEach(() => h.sim.control.failCommands(0, 'ok0'));
afterAll(async () => h?.stop());

describe('a reply in a mirrored thread', () => {
  it('is sent to Convrs once as a whisper by its author, acknowledged with ✅, and shown in the other thread only', async () => {
    const mark = h.sim.commandLog.length;
    const before = await outcomes();
    await h.app.jobs.command({
      kind: 'thread-reply',
      who: { surface: 'terminal', userId: 'sam', destination: personal.destination },
      reply: { rootPostId: personal.rootPostId!, replyId: 'r1', text: 'offer the refund' },
    });
    await nextOutcome('sent', before);
    // Only SendWhisper reached Convrs: no customer-visible message.
    expect(commandsSince(h, mark).map((e) => [e.cmd, e.params])).toEqual([
      ['SendWhisper', { conversationId: conv.conversationId, text: 'offer the refund', by: SAM }],
    ]);
    const inConvrs = h.sim.state.messagesOf(conv.conversationId).filter((m) => m.text === 'offer the refund');
    expect(inConvrs).toHaveLength(1);
    expect(inConvrs[0]).toMatchObject({ sender: 'whisper', author: { email: SAM, name: 'Sam Boss' } });
    // The author is told it went.
    await waitFor('✅ ack', () => acks('dm:sam').length === 1);
    expect(acks('dm:sam')[0]!.text).toContain('✅');
    // The other thread shows it once, marked as a whisper with its author; the author's own thread does not echo it.
    await waitFor('whisper in the team thread', () => mirrored(h, team.id).includes('offer the refund'));
    await h.sim.flush();
    await sleep(700);
    const shown = linesOf(h, team.id).filter((l) => l.text === 'offer the refund');
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatchObject({ isWhisper: true, role: 'whisper', label: 'Whisper from Sam Boss' });
    expect(mirrored(h, personal.id)).not.toContain('offer the refund');
  });

  it('is sent once even when the same reply is delivered again', async () => {
    const mark = h.sim.commandLog.length;
    const before = await outcomes();
    const acksBefore = acks('dm:sam').length;
    await h.app.jobs.command({
      kind: 'thread-reply',
      who: { surface: 'terminal', userId: 'sam', destination: personal.destination },
      reply: { rootPostId: personal.rootPostId!, replyId: 'r1', text: 'offer the refund' },
    });
    await nextOutcome('duplicate', before);
    await sleep(300);
    expect(commandsSince(h, mark, MUTATING)).toEqual([]);
    expect(h.sim.commandLog.filter((e) => e.cmd === 'SendWhisper')).toHaveLength(1);
    expect(h.sim.state.messagesOf(conv.conversationId).filter((m) => m.text === 'offer the refund')).toHaveLength(1);
    expect(acks('dm:sam')).toHaveLength(acksBefore);
    expect(mirrored(h, team.id).filter((t) => t === 'offer the refund')).toHaveLength(1);
  });

  it('from another supervisor in the team thread shows in sam’s personal thread, not back in the team thread', async () => {
    const before = await outcomes();
    await reply('sue', 'tty', { rootPostId: team.rootPostId!, text: 'mention the loyalty discount' });
    await nextOutcome('sent', before);
    expect(acks('tty').at(-1)!.text).toContain('✅');
    await waitFor('whisper in the personal thread', () =>
      mirrored(h, personal.id).includes('mention the loyalty discount'),
    );
    await h.sim.flush();
    await sleep(700);
    expect(linesOf(h, personal.id).filter((l) => l.text === 'mention the loyalty discount')).toEqual([
      expect.objectContaining({ isWhisper: true, label: 'Whisper from Sue Sales' }),
    ]);
    expect(mirrored(h, team.id)).not.toContain('mention the loyalty discount');
    expect(h.sim.commandLog.filter((e) => e.cmd === 'SendWhisper').at(-1)!.params).toMatchObject({ by: SUE });
  });

  it('a whisper typed in the Convrs app shows once in every thread, marked as a whisper', async () => {
    h.sim.control.whisper(conv.conversationId, 'from the web app', 'tom.tech@acme.test');
    await h.sim.flush();
    for (const t of [personal, team]) {
      await waitFor(`web-app whisper in thread ${t.id}`, () => mirrored(h, t.id).includes('from the web app'));
    }
    await sleep(300);
    for (const t of [personal, team]) {
      expect(linesOf(h, t.id).filter((l) => l.text === 'from the web app')).toEqual([
        expect.objectContaining({ isWhisper: true, label: 'Whisper from Tom Tech' }),
      ]);
    }
  });
});

describe('a reply that must not become a whisper', () => {
  it('from a user with no Convrs agent: a private reason, nothing sent', async () => {
    const mark = h.sim.commandLog.length;
    const before = await outcomes();
    const acksBefore = acks('tty').length;
    await reply('stranger', 'tty', { rootPostId: team.rootPostId!, text: 'let me in' });
    await nextOutcome('refused', before);
    expect(acks('tty')).toHaveLength(acksBefore + 1);
    const ack = acks('tty').at(-1)!;
    expect(ack.text).toContain('not sent');
    expect(ack.text).toContain('nobody@elsewhere.test');
    expect(ack.text).toMatch(/Ask your Convrs admin/);
    expect(commandsSince(h, mark, MUTATING)).toEqual([]);
  });

  it('from sue on a chat outside her business unit: a reason naming the permission, nothing sent', async () => {
    const cs = h.sim.control.startChat({ businessUnit: 'Customer Support', messages: 1 });
    const csChat = await waitFor('CS chat stored', () => h.app.store.chats.byConversationId(cs.conversationId));
    expect((await ask(h, 'sam', 'watch bu:"Customer Support"', 'cs-wall')).text).toContain('Watching Customer Support');
    const csThread = await threadWithRoot(() => h.app.store.threads.find(csChat.id, 'terminal', 'cs-wall'));
    const mark = h.sim.commandLog.length;
    const before = await outcomes();
    await reply('sue', 'cs-wall', { rootPostId: csThread.rootPostId!, text: 'not my chat' });
    await nextOutcome('refused', before);
    const ack = acks('cs-wall').at(-1)!;
    expect(ack.text).toContain('"Supervise"');
    expect(ack.text).toContain('Customer Support');
    expect(commandsSince(h, mark, MUTATING)).toEqual([]);
    expect(h.sim.state.messagesOf(cs.conversationId).some((m) => m.text === 'not my chat')).toBe(false);
  });

  it('to a root that is not a mirrored thread (or the right root in another conversation): nothing sent, no ack', async () => {
    const mark = h.sim.commandLog.length;
    const before = await outcomes();
    const acksBefore = h.surface.records.filter((r) => r.kind === 'ack').length;
    const aPost = h.surface.records.find((r) => r.kind === 'lines' && r.threadId === team.id)!.postId!;
    await reply('sam', 'tty', { rootPostId: 'root-999999', text: 'into the void' });
    await reply('sam', 'tty', { rootPostId: aPost, text: 'reply to a message, not a root' });
    await reply('sam', 'tty', { rootPostId: personal.rootPostId!, text: 'root of a thread in another destination' });
    await waitFor(
      'three outcomes',
      async () => ((await outcomes())['not-a-mirrored-thread'] ?? 0) >= (before['not-a-mirrored-thread'] ?? 0) + 3,
    );
    await sleep(200);
    expect(commandsSince(h, mark, MUTATING)).toEqual([]);
    expect(h.surface.records.filter((r) => r.kind === 'ack')).toHaveLength(acksBefore);
  });

  it('with no text: explained, nothing sent', async () => {
    const mark = h.sim.commandLog.length;
    const before = await outcomes();
    await reply('sam', personal.destination, { rootPostId: personal.rootPostId!, text: '   ' });
    await nextOutcome('refused', before);
    expect(acks('dm:sam').at(-1)!.text).toMatch(/needs some text/);
    expect(commandsSince(h, mark, MUTATING)).toEqual([]);
  });

  it('while Convrs is down: the author is told it was NOT sent, and it was tried once', async () => {
    const mark = h.sim.commandLog.length;
    const before = await outcomes();
    h.sim.control.failCommands(10, '500');
    await reply('sam', personal.destination, { rootPostId: personal.rootPostId!, text: 'are you there' });
    await nextOutcome('refused', before);
    expect(acks('dm:sam').at(-1)!.text).toMatch(/NOT sent/);
    await sleep(500);
    expect(commandsSince(h, mark, MUTATING).map((e) => e.cmd)).toEqual(['SendWhisper']);
    expect(mirrored(h, team.id)).not.toContain('are you there');
  });

  it('on a finished chat: explained, nothing sent', async () => {
    const done = h.sim.control.startChat({ businessUnit: 'Sales', messages: 1 });
    const doneChat = await waitFor('chat stored', () => h.app.store.chats.byConversationId(done.conversationId));
    const t = await threadWithRoot(() => h.app.store.threads.find(doneChat.id, 'terminal', 'tty'));
    h.sim.control.finish(done.conversationId);
    await h.sim.flush();
    await waitFor('chat closed', async () => (await h.app.store.chats.get(doneChat.id))!.status === 'closed');
    const mark = h.sim.commandLog.length;
    const before = await outcomes();
    await reply('sam', 'tty', { rootPostId: t.rootPostId!, text: 'too late' });
    await nextOutcome('refused', before);
    expect(acks('tty').at(-1)!.text).toMatch(/finished/);
    expect(commandsSince(h, mark, MUTATING)).toEqual([]);
  });

  it('on a chat still waiting in the queue: explained (no agent to whisper to), nothing sent', async () => {
    const queued = h.sim.control.startChat({ businessUnit: 'Sales', queued: true });
    const chat = await waitFor('chat stored', () => h.app.store.chats.byConversationId(queued.conversationId));
    const t = await threadWithRoot(() => h.app.store.threads.find(chat.id, 'terminal', 'tty'));
    const mark = h.sim.commandLog.length;
    const before = await outcomes();
    await reply('sam', 'tty', { rootPostId: t.rootPostId!, text: 'hello?' });
    await nextOutcome('refused', before);
    expect(acks('tty').at(-1)!.text).toMatch(/waiting in the queue/);
    expect(commandsSince(h, mark, MUTATING)).toEqual([]);
  });
});
