// Slack interactivity end to end: chat card buttons, the Transfer modal, the "Chat actions" shortcut and App Home.
import { waitFor } from './harness';
import {
  SLACK_USERS,
  ask,
  buttonsOf,
  clickButton,
  dmOf,
  messageShortcut,
  picked,
  sendEvent,
  startSlackHarness,
  submitView,
  textOf,
  threadRoot,
  waitForResponse,
  type SlackHarness,
} from './slack-harness';

const { sam, sue, stranger } = SLACK_USERS;

describe('Slack buttons, modal, shortcut and App Home', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness();
  }, 30_000);
  afterAll(async () => h?.stopAll());

  const sentToConvrs = (conversationId: string, cmd: string) =>
    h.sim.commandLog.filter((c) => c.params.conversationId === conversationId && c.cmd === cmd);
  const simChat = (conversationId: string) => h.sim.state.conversations.get(conversationId)!;

  /** A chat Sam supervises: its card is the root of a thread in Sam's DM. */
  async function supervisedChat(businessUnit: string, agentEmail?: string) {
    const conv = h.sim.control.startChat({ businessUnit, agentEmail, messages: 1 });
    const chat = await waitFor('chat stored with its agent', async () => {
      const c = await h.app.store.chats.byConversationId(conv.conversationId);
      return c && (c.agentEmail || !conv.agent) ? c : undefined;
    });
    await ask(h, sam, `supervise ${chat.ref}`);
    const root = await threadRoot(h, dmOf(sam), chat.ref);
    return { conversationId: conv.conversationId, ref: chat.ref, chatId: chat.id, root, dm: dmOf(sam) };
  }

  const cardButton = (root: { blocks?: any[] }, label: string) => buttonsOf(root.blocks).find((b) => b.text === label)!;

  describe('chat card buttons', () => {
    it('Transfer opens a modal with agent and BU pickers; submitting an agent transfers the chat', async () => {
      const c = await supervisedChat('Sales', 'bob.marsh@acme.test');
      const transfer = cardButton(c.root, 'Transfer');
      expect(transfer.value).toBe(`transfer ${c.ref}`);
      const click = await clickButton(h, sam, transfer, { channel: c.dm, messageTs: c.root.ts });
      expect(click.status).toBe(200);
      const modal = await waitFor('modal opened', () => h.slack.modals.find((m) => m.trigger_id === click.triggerId));
      expect(modal.view).toMatchObject({
        type: 'modal',
        callback_id: 'convrs_transfer',
        title: { text: `Transfer ${c.ref}` },
      });
      const inputs = modal.view.blocks.filter((b: any) => b.type === 'input');
      expect(inputs.map((b: any) => [b.block_id, b.element.action_id, b.element.type])).toEqual([
        ['transfer_agent', 'agent', 'static_select'],
        ['transfer_bu', 'bu', 'static_select'],
      ]);
      const agentEmails = inputs[0].element.options.map((o: any) => o.value);
      expect(agentEmails).toContain('ann.lee@acme.test');
      expect(agentEmails).not.toContain('bob.marsh@acme.test'); // the current agent
      expect(agentEmails).not.toContain('gus.grey@acme.test'); // disabled
      expect(inputs[1].element.options.map((o: any) => o.value)).toEqual(['Customer Support', 'Sales', 'Tech Support']);
      expect(JSON.parse(modal.view.private_metadata)).toEqual({ ref: c.ref, destination: c.dm, threadRootId: null });

      const submitted = await submitView(h, sam, {
        callback_id: 'convrs_transfer',
        private_metadata: modal.view.private_metadata,
        values: {
          transfer_agent: { agent: picked('ann.lee@acme.test') },
          transfer_bu: { bu: { type: 'static_select', selected_option: null } },
        },
      });
      expect(submitted.status).toBe(200);
      await waitFor('transferred in Convrs', () => simChat(c.conversationId).agent?.email === 'ann.lee@acme.test');
      expect(sentToConvrs(c.conversationId, 'TransferConversation').map((x) => x.params)).toEqual([
        { conversationId: c.conversationId, toAgent: 'ann.lee@acme.test', by: 'sam.boss@acme.test' },
      ]);
      const said = await waitFor('confirmation next to the card', () =>
        h.slack.ephemerals.find(
          (e) =>
            e.user === sam &&
            e.channel === c.dm &&
            e.thread_ts === undefined &&
            textOf(e).includes('transferred to Ann Lee'),
        ),
      );
      expect(said.channel).toBe(c.dm);
      await waitFor('card updated', () =>
        h.slack.callsOf('chat.update', true).some((u) => u.body.ts === c.root.ts && textOf(u.body).includes('Ann Lee')),
      );
    });

    it('when the modal cannot open (trigger expired), the form comes as a message whose button opens it', async () => {
      const c = await supervisedChat('Sales', 'bob.marsh@acme.test');
      h.slack.failNext('views.open', 1, 'expired_trigger_id');
      await clickButton(h, sam, cardButton(c.root, 'Transfer'), { channel: c.dm, messageTs: c.root.ts });
      const form = await waitFor('form next to the card', () =>
        h.slack.ephemerals.find(
          (e) =>
            e.user === sam &&
            e.channel === c.dm &&
            e.thread_ts === undefined &&
            textOf(e).includes(`Transfer ${c.ref}`),
        ),
      );
      const [open, cancel] = buttonsOf(form.blocks);
      expect(open).toMatchObject({ action_id: 'convrs_transfer_open', value: c.ref });
      expect(cancel).toMatchObject({ action_id: 'convrs_cancel' });
      expect(textOf(form)).toContain(`/convrs transfer ${c.ref} to`);

      const click = await clickButton(h, sam, open, { channel: c.dm, ephemeral: true });
      const modal = await waitFor('modal opened', () => h.slack.modals.find((m) => m.trigger_id === click.triggerId));
      expect(JSON.parse(modal.view.private_metadata)).toEqual({ ref: c.ref, destination: c.dm, threadRootId: null });
      await submitView(h, sam, {
        callback_id: 'convrs_transfer',
        private_metadata: modal.view.private_metadata,
        values: { transfer_bu: { bu: picked('Tech Support') } },
      });
      await waitFor('moved to Tech Support', () => simChat(c.conversationId).businessUnit === 'Tech Support');
      expect(sentToConvrs(c.conversationId, 'TransferConversation').map((x) => x.params.toBusinessUnit)).toEqual([
        'Tech Support',
      ]);
    });

    it('submitting the modal with nothing (or both) picked keeps it open with an error', async () => {
      const meta = JSON.stringify({ ref: 'C-1', destination: dmOf(sam), threadRootId: null });
      const before = h.sim.commandLog.length;
      const none = await submitView(h, sam, {
        callback_id: 'convrs_transfer',
        private_metadata: meta,
        values: { transfer_agent: { agent: { type: 'static_select', selected_option: null } } },
      });
      expect(none.status).toBe(200);
      expect(await none.json()).toEqual({
        response_action: 'errors',
        errors: { transfer_agent: 'Pick an agent or a business unit.' },
      });
      const both = await submitView(h, sam, {
        callback_id: 'convrs_transfer',
        private_metadata: meta,
        values: { transfer_agent: { agent: picked('ann.lee@acme.test') }, transfer_bu: { bu: picked('Sales') } },
      });
      expect(await both.json()).toMatchObject({
        response_action: 'errors',
        errors: { transfer_agent: expect.stringContaining('not both') },
      });
      await new Promise((r) => setTimeout(r, 300));
      expect(h.sim.commandLog.slice(before).filter((x) => x.cmd === 'TransferConversation')).toEqual([]);
    });

    it('Finish on the card asks next to the card; confirming finishes the chat', async () => {
      const c = await supervisedChat('Sales');
      await clickButton(h, sam, cardButton(c.root, 'Finish'), { channel: c.dm, messageTs: c.root.ts });
      const question = await waitFor('confirmation next to the card', () =>
        h.slack.ephemerals.find(
          (e) =>
            e.user === sam && e.channel === c.dm && e.thread_ts === undefined && textOf(e).includes(`Finish ${c.ref}`),
        ),
      );
      expect(sentToConvrs(c.conversationId, 'FinishConversation')).toEqual([]);
      const confirm = buttonsOf(question.blocks).find((b) => b.value === `finish ${c.ref} confirm`)!;
      expect(confirm).toBeDefined();
      const click = await clickButton(h, sam, confirm, { channel: c.dm, threadTs: c.root.ts, ephemeral: true });
      const done = await waitForResponse(h, click.responseId);
      expect(done).toMatchObject({ replace_original: true });
      expect(textOf(done)).toContain(`${c.ref} finished.`);
      expect(simChat(c.conversationId).status).toBe('closed');
      expect(sentToConvrs(c.conversationId, 'FinishConversation')).toHaveLength(1);
      // The card now says finished and offers no Transfer or Finish.
      const card = await waitFor('card shows finished', () => {
        const m = h.slack.posts(c.dm).find((x) => x.ts === c.root.ts)!;
        return textOf(m).includes('finished') ? m : undefined;
      });
      expect(buttonsOf(card.blocks).map((b) => b.text)).toEqual(['Stop supervising']);
    });

    it('Stop supervising on the card closes the thread', async () => {
      const c = await supervisedChat('Sales');
      await clickButton(h, sam, cardButton(c.root, 'Stop supervising'), { channel: c.dm, messageTs: c.root.ts });
      await waitFor('thread closed', async () => (await h.app.store.threads.forChat(c.chatId)).every((t) => !t.active));
      const said = await waitFor('answer', () =>
        h.slack.ephemerals.find((e) => e.user === sam && textOf(e).includes(`Stopped supervising ${c.ref}`)),
      );
      expect(said.channel).toBe(c.dm);
    });

    it('a card button is checked again on click: Sue may not finish a Customer Support chat, a stranger is not an agent', async () => {
      const wall = 'CACTWALL1';
      await ask(h, sam, 'watch bu:"Customer Support"', wall);
      const conv = h.sim.control.startChat({
        businessUnit: 'Customer Support',
        agentEmail: 'carla.diaz@acme.test',
        messages: 1,
      });
      const chat = await waitFor('chat stored', () => h.app.store.chats.byConversationId(conv.conversationId));
      const root = await threadRoot(h, wall, chat.ref);
      for (const [user, says] of [
        [sue, 'You need the Convrs permission "Supervise" in Customer Support'],
        [stranger, 'is not a Convrs agent'],
      ] as const) {
        await clickButton(
          h,
          user,
          { action_id: 'convrs_cmd', value: `finish ${chat.ref} confirm` },
          { channel: wall, messageTs: root.ts },
        );
        const why = await waitFor(`${user} told why`, () =>
          h.slack.ephemerals.find((e) => e.user === user && e.channel === wall && e.thread_ts === undefined),
        );
        expect(textOf(why)).toContain(says);
      }
      await clickButton(
        h,
        sue,
        { action_id: 'convrs_cmd', value: `transfer ${chat.ref}` },
        { channel: wall, messageTs: root.ts },
      );
      await waitFor(
        'sue told why (transfer)',
        () => h.slack.ephemerals.filter((e) => e.user === sue && e.thread_ts === undefined).length >= 2,
      );
      expect(h.slack.modals.filter((m) => m.view.title?.text === `Transfer ${chat.ref}`)).toEqual([]);
      expect(
        h.sim.commandLog.filter(
          (x) =>
            x.params.conversationId === conv.conversationId &&
            ['FinishConversation', 'TransferConversation'].includes(x.cmd),
        ),
      ).toEqual([]);
      expect(simChat(conv.conversationId).status).toBe('open');
    });
  });

  describe('"Chat actions" message shortcut', () => {
    it('on a message in a mirrored thread → the chat card with its buttons, ephemeral in that thread', async () => {
      const c = await supervisedChat('Sales');
      const reply = await waitFor('a mirrored line', () => h.slack.posts(c.dm, c.root.ts)[0]);
      const r = await messageShortcut(h, sam, 'convrs_chat_actions', {
        channel: c.dm,
        ts: reply.ts,
        thread_ts: c.root.ts,
      });
      expect(r.status).toBe(200);
      const card = await waitFor('card ephemeral', () =>
        h.slack.ephemerals.find((e) => e.user === sam && e.thread_ts === c.root.ts && textOf(e).includes(c.ref)),
      );
      expect(card.channel).toBe(c.dm);
      expect(buttonsOf(card.blocks).map((b) => b.value)).toEqual([
        `suggest ${c.ref}`,
        `transfer ${c.ref}`,
        `finish ${c.ref}`,
        `unsupervise ${c.ref}`,
      ]);
    });

    it('on a message outside any mirrored thread → a short explanation', async () => {
      const r = await messageShortcut(h, sam, 'convrs_chat_actions', { channel: 'CRANDOM01', ts: '1700000000.000100' });
      expect(r.status).toBe(200);
      const note = await waitFor('explanation', () =>
        h.slack.ephemerals.find((e) => e.user === sam && e.channel === 'CRANDOM01'),
      );
      expect(textOf(note)).toContain('not in a mirrored chat thread');
      expect(buttonsOf(note.blocks)).toEqual([]);
    });
  });

  describe('App Home', () => {
    it('shows My Supervised Chats and the BUs watched in channels the user is in; Stop supervising there re-publishes it', async () => {
      const c = await supervisedChat('Tech Support');
      await ask(h, sam, 'watch bu:Sales', 'CHOMEIN01');
      await ask(h, sam, 'watch bu:"Tech Support"', 'CHOMEOUT1');
      h.slack.memberships[sam] = ['CHOMEIN01'];
      const publishes = () => h.slack.callsOf('views.publish', true).filter((p) => p.body.user_id === sam).length;
      const before = publishes();
      const { status } = await sendEvent(h, {
        type: 'app_home_opened',
        user: sam,
        channel: dmOf(sam),
        tab: 'home',
        event_ts: `${Date.now() / 1000}`,
      });
      expect(status).toBe(200);
      await waitFor('home published', () => publishes() > before);
      const home = h.slack.homes[sam];
      expect(home.type).toBe('home');
      const shown = textOf({ blocks: home.blocks });
      expect(shown).toContain('My Supervised Chats');
      expect(shown).toContain(c.ref);
      expect(shown).toContain('*Sales* in <#CHOMEIN01>');
      expect(shown).not.toContain('CHOMEOUT1');
      const stop = buttonsOf(home.blocks).find((b) => b.value === `unsupervise ${c.ref}`)!;
      expect(stop.text).toBe('Stop supervising');

      // The messages tab is not the home tab: nothing is published for it.
      const n = publishes();
      await sendEvent(h, {
        type: 'app_home_opened',
        user: sam,
        channel: dmOf(sam),
        tab: 'messages',
        event_ts: `${Date.now() / 1000}`,
      });

      await clickButton(h, sam, stop, { view: { id: 'VHOME0001', type: 'home' } });
      await waitFor('personal thread closed', async () =>
        (await h.app.store.threads.forChat(c.chatId)).some((t) => t.kind === 'personal' && !t.active),
      );
      // The chat stays on the Tech Support wall: only Sam's own thread stopped.
      expect((await h.app.store.threads.forChat(c.chatId)).filter((t) => t.active).map((t) => t.destination)).toEqual([
        'CHOMEOUT1',
      ]);
      await waitFor('home re-published', () => publishes() > n);
      expect(publishes()).toBe(n + 1);
      expect(textOf({ blocks: h.slack.homes[sam].blocks })).not.toContain(c.ref);
      await waitFor('answer in the DM', () =>
        h.slack.posts(dmOf(sam)).find((m) => !m.thread_ts && textOf(m).includes(`Stopped supervising ${c.ref}`)),
      );
    });

    it('a user who is not a Convrs agent sees how to get access', async () => {
      await sendEvent(h, {
        type: 'app_home_opened',
        user: stranger,
        channel: dmOf(stranger),
        tab: 'home',
        event_ts: `${Date.now() / 1000}`,
      });
      const home = await waitFor('home published', () => h.slack.homes[stranger]);
      expect(textOf({ blocks: home.blocks })).toContain('is not a Convrs agent');
    });
  });
});
