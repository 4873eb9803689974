// Commands against a Convrs that refuses, fails or is down, and commands the requester may not run:
// the requester is told why, nothing that changes a chat is sent twice (or at all when refused), the audit log is complete.
import type { Conversation } from '../adapters/convrs/simulator';
import type { Chat } from '../src/core/model';
import { ask, commandsSince, MUTATING } from './flow-helpers';
import { mirrored, SECRET, startHarness, waitFor, type Harness } from './harness';

const SAM = 'sam.boss@acme.test';
const SUE = 'sue.sales@acme.test';

let h: Harness;
/** Whispers, transfers and finishes that went through: each must be in the audit log. */
const done: { actor: string; action: 'whisper' | 'transfer' | 'finish'; chatId: number }[] = [];

async function newChat(
  businessUnit: string,
  opts: { agentEmail?: string } = {},
): Promise<{ conv: Conversation; chat: Chat }> {
  const conv = h.sim.control.startChat({ businessUnit, messages: 2, ...opts });
  await h.sim.flush();
  // Stored with the agent the simulator gave it (its assignment is a separate event, applied a moment later).
  const chat = await waitFor(`chat of ${businessUnit} stored`, async () => {
    const c = await h.app.store.chats.byConversationId(conv.conversationId);
    return c && (c.agentEmail ?? null) === (conv.agent?.email ?? null) ? c : null;
  });
  return { conv, chat };
}

beforeAll(async () => {
  h = await startHarness();
  // Agents are loaded (and cached) by the start-up reconcile; wait for it so failure injection hits the command under test.
  await waitFor('agents loaded', async () => (await h.app.store.agents.all()).length > 0);
});
afterEach(() => h.sim.control.failCommands(0, 'ok0'));
afterAll(async () => h?.stop());

describe('Convrs answers ok: 0', () => {
  it('shows Convrs’s error text to the requester of a transfer, records nothing, and a retry then works', async () => {
    const { chat } = await newChat('Sales', { agentEmail: 'ann.lee@acme.test' });
    const mark = h.sim.commandLog.length;
    h.sim.control.failCommands(1, 'ok0');
    const r = await ask(h, 'sam', `transfer ${chat.ref} to bob.marsh@acme.test`);
    expect(commandsSince(h, mark).map((e) => e.cmd)).toEqual(['TransferConversation']);
    expect(r.view).toMatchObject({ type: 'notice', tone: 'error' });
    expect(r.text).toContain('Service temporarily unavailable');
    expect((await h.app.store.chats.get(chat.id))!.agentEmail).toBe('ann.lee@acme.test');
    expect((await h.app.store.audit.recent(50)).filter((a) => a.chatId === chat.id && a.action === 'transfer')).toEqual(
      [],
    );

    const ok = await ask(h, 'sam', `transfer ${chat.ref} to bob.marsh@acme.test`);
    expect(ok.text).toContain(`${chat.ref} transferred to Bob Marsh`);
    done.push({ actor: SAM, action: 'transfer', chatId: chat.id });
    expect(h.sim.state.conversations.get(chat.conversationId)!.agent?.email).toBe('bob.marsh@acme.test');
  });

  it('shows Convrs’s error text for a refused finish and leaves the chat open', async () => {
    const { chat } = await newChat('Sales');
    const mark = h.sim.commandLog.length;
    h.sim.control.failCommands(1, 'ok0');
    const r = await ask(h, 'sam', `finish ${chat.ref} confirm`);
    expect(commandsSince(h, mark).map((e) => e.cmd)).toEqual(['FinishConversation']);
    expect(r.text).toContain('Service temporarily unavailable');
    expect((await h.app.store.chats.get(chat.id))!.status).toBe('open');
    expect(h.sim.state.conversations.get(chat.conversationId)!.status).toBe('open');
  });
});

describe('Convrs is down (HTTP 500)', () => {
  it('tells the requester the whisper was NOT sent, and never resends it', async () => {
    const { chat, conv } = await newChat('Sales');
    const mark = h.sim.commandLog.length;
    h.sim.control.failCommands(10, '500');
    const r = await ask(h, 'sam', `whisper ${chat.ref} hello`);
    expect(r.view).toMatchObject({ type: 'notice', tone: 'error' });
    expect(r.text).toMatch(/not answering/i);
    expect(r.text).toMatch(/NOT sent/);
    // SendWhisper may have been acted on before the 500: attempted exactly once, never retried.
    await new Promise((res) => setTimeout(res, 1000));
    expect(commandsSince(h, mark, MUTATING).map((e) => e.cmd)).toEqual(['SendWhisper']);
    expect(commandsSince(h, mark, ['SendWhisper'])[0]!.params).toEqual({
      conversationId: conv.conversationId,
      text: 'hello',
      by: SAM,
    });
    expect(h.sim.state.messagesOf(conv.conversationId).filter((m) => m.sender === 'whisper')).toEqual([]);
    expect(
      (await h.app.store.audit.recent(50)).find((a) => a.chatId === chat.id && a.action === 'whisper-failed'),
    ).toMatchObject({ actor: SAM });
  });

  it('does not resend a transfer either', async () => {
    const { chat } = await newChat('Sales');
    const mark = h.sim.commandLog.length;
    h.sim.control.failCommands(10, '500');
    const r = await ask(h, 'sam', `transfer ${chat.ref} to bu:"Customer Support"`);
    expect(r.text).toMatch(/not answering/i);
    await new Promise((res) => setTimeout(res, 500));
    expect(commandsSince(h, mark, MUTATING).map((e) => e.cmd)).toEqual(['TransferConversation']);
    expect(h.sim.state.conversations.get(chat.conversationId)!.businessUnit).toBe('Sales');
  });

  it('retries a read (GetConversation of a chat the bot never saw) and succeeds once Convrs recovers', async () => {
    // A chat whose events never reached the bot (no webhook while it started).
    await h.sim.flush();
    h.sim.control.setWebhook(undefined);
    const conv = h.sim.control.startChat({ businessUnit: 'Tech Support', messages: 2 });
    await h.sim.flush();
    h.sim.control.setWebhook(`${h.app.url}/convrs/webhook`, SECRET);
    expect(await h.app.store.chats.byConversationId(conv.conversationId)).toBeNull();

    const mark = h.sim.commandLog.length;
    h.sim.control.failCommands(2, '500');
    const r = await ask(h, 'sam', `supervise ${conv.conversationId}`);
    expect(r.view).toMatchObject({ type: 'notice', tone: 'success' });
    const chat = (await h.app.store.chats.byConversationId(conv.conversationId))!;
    expect(r.text).toContain(`Supervising ${chat.ref}`);
    expect(
      commandsSince(h, mark)
        .slice(0, 3)
        .map((e) => e.cmd),
    ).toEqual(['GetConversation', 'GetConversation', 'GetConversation']);
    // The thread starts with the chat's history as Convrs has it.
    const thread = await waitFor('personal thread', async () =>
      (await h.app.store.threads.personalOf('terminal', 'sam')).find((t) => t.chatId === chat.id),
    );
    const history = h.sim.state.messagesOf(conv.conversationId).map((m) => m.text);
    await waitFor('history mirrored', () => mirrored(h, thread.id).length >= history.length);
    expect(mirrored(h, thread.id)).toEqual(history);
  });

  it('retries on its own an event whose chat Convrs cannot give yet, while the other events of its batch are applied', async () => {
    const known = await newChat('Sales');
    // A chat the bot never saw: its first event makes the bot ask Convrs for it.
    await h.sim.flush();
    h.sim.control.setWebhook(undefined);
    const unseen = h.sim.control.startChat({ businessUnit: 'Sales', messages: 1 });
    await h.sim.flush();
    h.sim.control.setWebhook(`${h.app.url}/convrs/webhook`, SECRET);
    const mark = h.sim.commandLog.length;
    // More failures than one read's own attempts: the event's first application fails.
    h.sim.control.failCommands(6, '500');
    const late = h.sim.control.say(unseen.conversationId, 'customer', 'is anyone there?');
    const onTime = h.sim.control.say(known.conv.conversationId, 'customer', 'thanks, all good');
    await h.sim.flush();
    // The known chat's line is applied at once, not held behind the failing one.
    await waitFor('known chat line stored', () => h.app.store.messages.byMid(known.chat.id, onTime.mid));
    expect(await h.app.store.chats.byConversationId(unseen.conversationId)).toBeNull();
    // The failed one is applied once Convrs answers again (on its own job, with backoff), exactly once.
    const chat = await waitFor(
      'unseen chat stored with its line',
      async () => {
        const c = await h.app.store.chats.byConversationId(unseen.conversationId);
        return c && (await h.app.store.messages.byMid(c.id, late.mid)) ? c : null;
      },
      20_000,
    );
    expect((await h.app.store.messages.recent(chat.id, 50)).filter((m) => m.mid === late.mid)).toHaveLength(1);
    // More reads than one application makes (≤ 5): the event was applied a second time, on its own.
    expect(commandsSince(h, mark, ['GetConversation']).length).toBeGreaterThan(5);
    expect(await h.app.store.inbox.unprocessed(new Date(Date.now() + 1000), 10)).toEqual([]);
  });

  it('gives up on a read after a bounded number of attempts and says Convrs is not answering', async () => {
    await h.sim.flush();
    h.sim.control.setWebhook(undefined);
    const conv = h.sim.control.startChat({ businessUnit: 'Sales' });
    await h.sim.flush();
    h.sim.control.setWebhook(`${h.app.url}/convrs/webhook`, SECRET);
    const mark = h.sim.commandLog.length;
    h.sim.control.failCommands(50, '500');
    const r = await ask(h, 'sam', `supervise ${conv.conversationId}`);
    expect(r.text).toMatch(/not answering/i);
    const attempts = commandsSince(h, mark, ['GetConversation']).length;
    expect(attempts).toBeGreaterThan(1);
    expect(attempts).toBeLessThanOrEqual(5);
  });
});

describe('transfer and finish: errors explained, nothing sent', () => {
  it('refuses to transfer a finished chat', async () => {
    const { chat, conv } = await newChat('Sales');
    h.sim.control.finish(conv.conversationId);
    await h.sim.flush();
    await waitFor('chat closed', async () => (await h.app.store.chats.get(chat.id))!.status === 'closed');
    const mark = h.sim.commandLog.length;
    const r = await ask(h, 'sam', `transfer ${chat.ref} to ann.lee@acme.test`);
    expect(r.text).toContain(`${chat.ref} is already finished`);
    const f = await ask(h, 'sam', `finish ${chat.ref} confirm`);
    expect(f.text).toContain(`${chat.ref} is already finished`);
    expect(commandsSince(h, mark, MUTATING)).toEqual([]);
  });

  it('explains a chat that does not exist, by ref or by Convrs conversation id', async () => {
    const mark = h.sim.commandLog.length;
    for (const ref of ['C-99999', 'cv_does_not_exist']) {
      const r = await ask(h, 'sam', `transfer ${ref} to ann.lee@acme.test`);
      expect(r.view).toMatchObject({ type: 'notice', tone: 'error' });
      expect(r.text).toContain(`I can't find chat \`${ref}\``);
    }
    expect(commandsSince(h, mark, MUTATING)).toEqual([]);
  });

  it('explains an unknown or disabled agent and sends nothing', async () => {
    const { chat } = await newChat('Sales');
    const mark = h.sim.commandLog.length;
    const unknown = await ask(h, 'sam', `transfer ${chat.ref} to ghost@acme.test`);
    expect(unknown.view).toMatchObject({ type: 'notice', tone: 'error' });
    expect(unknown.text).toContain('There is no agent "ghost@acme.test"');
    expect(unknown.text).toContain('agents');
    const disabled = await ask(h, 'sam', `transfer ${chat.ref} to gus.grey@acme.test`);
    expect(disabled.text).toMatch(/Gus Grey is disabled/);
    const noBu = await ask(h, 'sam', `transfer ${chat.ref} to bu:Nowhere`);
    expect(noBu.text).toMatch(/no business unit called "Nowhere".*Sales/);
    expect(commandsSince(h, mark, MUTATING)).toEqual([]);
  });

  it('asks for confirmation before finishing, then finishes by the requester and the card shows it finished', async () => {
    const { chat, conv } = await newChat('Sales');
    const sup = await ask(h, 'sam', `supervise ${chat.ref}`);
    expect(sup.text).toContain(`Supervising ${chat.ref}`);
    const thread = await waitFor('personal thread', async () =>
      (await h.app.store.threads.personalOf('terminal', 'sam')).find((t) => t.chatId === chat.id),
    );
    expect(thread.destination).toBe('dm:sam');

    const mark = h.sim.commandLog.length;
    const prompt = await ask(h, 'sam', `finish ${chat.ref}`);
    expect(prompt.view).toMatchObject({ type: 'confirm', confirm: { ref: chat.ref, action: 'finish' } });
    expect(prompt.text).toContain(`finish ${chat.ref} confirm`);
    expect(commandsSince(h, mark, MUTATING)).toEqual([]);
    expect((await h.app.store.chats.get(chat.id))!.status).toBe('open');

    const r = await ask(h, 'sam', `finish ${chat.ref} confirm`);
    expect(r.text).toContain(`${chat.ref} finished`);
    done.push({ actor: SAM, action: 'finish', chatId: chat.id });
    const sent = commandsSince(h, mark, MUTATING);
    expect(sent.map((e) => e.cmd)).toEqual(['FinishConversation']);
    expect(sent[0]!.params).toEqual({ conversationId: conv.conversationId, by: SAM });
    expect(h.sim.state.conversations.get(conv.conversationId)!.status).toBe('closed');
    expect((await h.app.store.chats.get(chat.id))!).toMatchObject({ status: 'closed', state: 'finished' });
    await waitFor(
      'card shows finished',
      () =>
        h.surface.records.find((x) => x.kind === 'card' && x.threadId === thread.id && x.card?.state === 'finished'),
      5000,
    );
  });
});

describe('intervene: every thread reflects the result (known product bugs)', () => {
  // BUG: intervene.ts finish() stores status 'closed' before Convrs's onUserConversation event is ingested, and
  // ingest-event.ts only adds the note when the stored chat was still open (wasOpen), so a finish made through the bot
  // never gets its "Chat finished" note (a finish made in the Convrs app does).
  it('shows a "Chat finished" note in the thread of a chat finished with `finish <chat> confirm`', async () => {
    const { chat } = await newChat('Sales');
    expect((await ask(h, 'sam', `supervise ${chat.ref}`)).text).toContain(`Supervising ${chat.ref}`);
    const thread = await waitFor('personal thread', async () =>
      (await h.app.store.threads.personalOf('terminal', 'sam')).find((t) => t.chatId === chat.id),
    );
    expect((await ask(h, 'sam', `finish ${chat.ref} confirm`)).text).toContain(`${chat.ref} finished`);
    done.push({ actor: SAM, action: 'finish', chatId: chat.id });
    await h.sim.flush();
    // Convrs's own closing line arrives; the bot's note never does.
    await waitFor(
      'Convrs closing line',
      () => mirrored(h, thread.id).includes('Conversation finished by Sam Boss.'),
      5000,
    );
    await waitFor('"Chat finished" note in the thread', () => mirrored(h, thread.id).includes('Chat finished'), 2000);
  });

  it('shows a "Chat finished" note when the chat is finished in Convrs itself', async () => {
    const { chat, conv } = await newChat('Sales');
    await ask(h, 'sam', `supervise ${chat.ref}`);
    const thread = await waitFor('personal thread', async () =>
      (await h.app.store.threads.personalOf('terminal', 'sam')).find((t) => t.chatId === chat.id),
    );
    h.sim.control.finish(conv.conversationId);
    await h.sim.flush();
    await waitFor('"Chat finished" note in the thread', () => mirrored(h, thread.id).includes('Chat finished'), 5000);
    expect(mirrored(h, thread.id).filter((t) => t === 'Chat finished')).toHaveLength(1);
  });

  // BUG: intervene.ts transfer() upserts Convrs's answer (new business unit) before the onConversationAssign event is
  // ingested; ingest-event.ts then sees no BU change (buChanged false) and never opens threads for the new BU's watchers.
  it('mirrors a chat transferred with `transfer <chat> to bu:<name>` into the channels watching the new business unit', async () => {
    const w = await ask(h, 'sam', 'watch bu:"Tech Support"', 'tech-wall');
    expect(w.text).toContain('Watching Tech Support');
    const { chat } = await newChat('Sales');
    const r = await ask(h, 'sam', `transfer ${chat.ref} to bu:"Tech Support"`);
    expect(r.text).toContain(`${chat.ref} transferred to Tech Support`);
    done.push({ actor: SAM, action: 'transfer', chatId: chat.id });
    await h.sim.flush();
    await waitFor(
      'thread on the Tech Support wall',
      async () => {
        const t = await h.app.store.threads.find(chat.id, 'terminal', 'tech-wall');
        return t?.active && h.surface.records.some((x) => x.kind === 'thread' && x.threadId === t.id);
      },
      3000,
    );
  });

  it('mirrors a chat transferred in Convrs itself into the channels watching the new business unit', async () => {
    expect((await ask(h, 'sam', 'watch bu:"Tech Support"', 'tech-wall')).text).toMatch(/Tech Support/);
    const { chat, conv } = await newChat('Sales');
    h.sim.control.transfer(conv.conversationId, { toBusinessUnit: 'Tech Support' });
    await h.sim.flush();
    const t = await waitFor(
      'thread on the Tech Support wall',
      () => h.app.store.threads.find(chat.id, 'terminal', 'tech-wall'),
      5000,
    );
    await waitFor(
      'transfer note on the wall',
      () => mirrored(h, t.id).some((x) => x.startsWith('Transferred to')),
      5000,
    );
  });
});

describe('permissions', () => {
  it('refuses sue (Supervise in Sales only) on a Customer Support chat, naming the permission, and sends nothing', async () => {
    const { chat } = await newChat('Customer Support');
    const mark = h.sim.commandLog.length;
    for (const text of [`whisper ${chat.ref} psst`, `transfer ${chat.ref} to bu:Sales`, `finish ${chat.ref} confirm`]) {
      const r = await ask(h, 'sue', text);
      expect(r.view).toMatchObject({ type: 'notice', tone: 'error' });
      expect(r.text).toContain('"Supervise"');
      expect(r.text).toContain('Customer Support');
    }
    expect(commandsSince(h, mark, MUTATING)).toEqual([]);
    expect(h.sim.state.conversations.get(chat.conversationId)).toMatchObject({
      status: 'open',
      businessUnit: 'Customer Support',
    });
  });

  it('lets sue whisper on a Sales chat', async () => {
    const { chat, conv } = await newChat('Sales');
    const mark = h.sim.commandLog.length;
    const r = await ask(h, 'sue', `whisper ${chat.ref} ask for the order number`);
    expect(r.view).toMatchObject({ type: 'notice', tone: 'success' });
    done.push({ actor: SUE, action: 'whisper', chatId: chat.id });
    expect(commandsSince(h, mark, MUTATING).map((e) => [e.cmd, e.params])).toEqual([
      ['SendWhisper', { conversationId: conv.conversationId, text: 'ask for the order number', by: SUE }],
    ]);
  });

  it('tells a user with no Convrs agent how to get access, and sends nothing', async () => {
    const { chat } = await newChat('Sales');
    const mark = h.sim.commandLog.length;
    for (const text of [
      `whisper ${chat.ref} hi`,
      `transfer ${chat.ref} to bu:Sales`,
      `finish ${chat.ref} confirm`,
      `supervise ${chat.ref}`,
    ]) {
      const r = await ask(h, 'stranger', text);
      expect(r.view).toMatchObject({ type: 'notice', tone: 'error' });
      expect(r.text).toContain('nobody@elsewhere.test');
      expect(r.text).toMatch(/Ask your Convrs admin/);
    }
    expect(commandsSince(h, mark, MUTATING)).toEqual([]);
  });

  it('lets sam whisper anywhere', async () => {
    const { chat } = await newChat('Tech Support');
    const r = await ask(h, 'sam', `whisper ${chat.ref} you are doing great`);
    expect(r.view).toMatchObject({ type: 'notice', tone: 'success' });
    done.push({ actor: SAM, action: 'whisper', chatId: chat.id });
  });
});

describe('audit log', () => {
  it('holds every whisper, transfer and finish that went through, and nothing that did not', async () => {
    expect(done.length).toBeGreaterThanOrEqual(4);
    const audit = (await h.app.store.audit.recent(200)).filter((a) =>
      ['whisper', 'transfer', 'finish'].includes(a.action),
    );
    const key = (e: { actor: string; action: string; chatId: number | null }) => `${e.actor} ${e.action} ${e.chatId}`;
    expect(audit.map(key).sort()).toEqual(done.map(key).sort());
    for (const a of audit) expect(a.at).toBeInstanceOf(Date);
  });
});
