// Suggested whispers on Slack end to end: the card's "Suggest whisper" opens a modal (views.open) with the draft and
// sends nothing; submitting it whispers exactly once through the whisper path (audited), also when the submission is
// repeated; a supervisor who lost the permission before sending is refused; one who may not see the chat is refused
// the draft; without a trigger the draft comes as a message whose "Edit and send" opens the modal.
import { FakeOpenAi } from './fakes/openai';
import { waitFor } from './harness';
import { sleep } from './flow-helpers';
import {
  SLACK_USERS,
  ask,
  buttonsOf,
  clickButton,
  dmOf,
  slash,
  startSlackHarness,
  submitView,
  textOf,
  threadRoot,
  waitForResponse,
  type SlackHarness,
} from './slack-harness';

const { sam, sue } = SLACK_USERS;
const GENERAL = 'CGENERAL01';

describe('Slack suggested whispers', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness({ env: { SCORE_DEBOUNCE_SECONDS: '1', INACTIVITY_MINUTES: '60' } });
  }, 30_000);
  afterAll(async () => h?.stopAll());

  const whispers = () => h.sim.commandLog.filter((c) => c.cmd === 'SendWhisper');
  const edited = (text: string) => ({ whisper_draft: { text: { type: 'plain_text_input', value: text } } });

  async function upsetChat(businessUnit = 'Sales') {
    const conv = h.sim.control.startChat({
      businessUnit,
      agentEmail: 'ann.lee@acme.test',
      opener: 'Hello, I need help with my refund',
    });
    h.sim.control.say(conv.conversationId, 'agent', 'Hi, I can help with that.');
    h.sim.control.say(conv.conversationId, 'customer', 'This is ridiculous, nobody has answered my emails!!');
    await h.sim.flush();
    const chat = await waitFor('chat stored with its lines', async () => {
      const c = await h.app.store.chats.byConversationId(conv.conversationId);
      return c && c.agentEmail && (await h.app.store.messages.recent(c.id, 10)).length >= 3 ? c : undefined;
    });
    return { ...chat, conversationId: conv.conversationId };
  }

  it('the card button opens the draft in a modal and sends nothing; Send whispers once, also when submitted twice', async () => {
    const chat = await upsetChat();
    await ask(h, sam, `supervise ${chat.ref}`);
    const root = await threadRoot(h, dmOf(sam), chat.ref);
    const button = buttonsOf(root.blocks).find((b) => b.text === 'Suggest whisper')!;
    expect(button.value).toBe(`suggest ${chat.ref}`);
    const before = whispers().length;

    const click = await clickButton(h, sam, button, { channel: dmOf(sam), messageTs: root.ts });
    expect(click.status).toBe(200);
    const modal = await waitFor('draft modal opened', () =>
      h.slack.modals.find((m) => m.trigger_id === click.triggerId),
    );
    expect(modal.view).toMatchObject({
      type: 'modal',
      callback_id: 'convrs_whisper_draft',
      submit: { text: 'Send' },
    });
    const input = modal.view.blocks.find((b: any) => b.type === 'input');
    expect(input.element).toMatchObject({ type: 'plain_text_input', multiline: true });
    expect(input.element.initial_value).toMatch(/^Ann, the customer is upset about the refund\./);
    expect(textOf({ blocks: modal.view.blocks })).toContain('strongly negative');
    expect(JSON.parse(modal.view.private_metadata)).toEqual({
      ref: chat.ref,
      destination: dmOf(sam),
      threadRootId: null,
    });
    // A draft is never sent by itself.
    await sleep(500);
    expect(whispers().length).toBe(before);
    const audit = await h.app.store.audit.recent(20);
    expect(audit.find((a) => a.action === 'whisper-suggested' && a.chatId === chat.id)).toMatchObject({
      actor: 'sam.boss@acme.test',
      detail: 'negative customer · template',
    });

    const text = 'Ann, acknowledge the missed emails first, then confirm the refund date.';
    const submission = {
      callback_id: 'convrs_whisper_draft',
      private_metadata: modal.view.private_metadata,
      values: edited(text),
      id: 'VDRAFT0001',
    };
    expect((await submitView(h, sam, submission)).status).toBe(200);
    expect((await submitView(h, sam, submission)).status).toBe(200);
    await waitFor('whisper sent', () => whispers().length > before);
    await sleep(1_000);
    const sent = whispers().slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0].params).toMatchObject({ conversationId: chat.conversationId, text, by: 'sam.boss@acme.test' });
    const trail = (await h.app.store.audit.recent(50)).filter((a) => a.chatId === chat.id && a.action === 'whisper');
    expect(trail).toHaveLength(1);
    expect(trail[0].actor).toBe('sam.boss@acme.test');
  }, 60_000);

  it('an empty submission is sent back to the modal with an error, nothing is whispered', async () => {
    const chat = await upsetChat();
    const before = whispers().length;
    const r = await submitView(h, sam, {
      callback_id: 'convrs_whisper_draft',
      private_metadata: JSON.stringify({ ref: chat.ref, destination: GENERAL, threadRootId: null }),
      values: edited('   '),
    });
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({
      response_action: 'errors',
      errors: { whisper_draft: 'Type a whisper first, or press Cancel.' },
    });
    await sleep(300);
    expect(whispers().length).toBe(before);
  });

  it('a supervisor who lost the permission between draft and send is refused, and nothing is whispered', async () => {
    const chat = await upsetChat();
    const { triggerId } = await slash(h, sue, `suggest ${chat.ref}`, GENERAL);
    const modal = await waitFor('draft modal opened', () => h.slack.modals.find((m) => m.trigger_id === triggerId));
    // Sue's Supervise permission is taken away in Convrs (the bot's agent list now says so).
    const agents = await h.app.store.agents.all();
    await h.app.store.agents.replaceAll(
      agents.map((a) => (a.email === 'sue.sales@acme.test' ? { ...a, permissions: [] } : a)),
    );
    const before = whispers().length;
    await submitView(h, sue, {
      callback_id: 'convrs_whisper_draft',
      private_metadata: modal.view.private_metadata,
      values: edited('Ann, apologise and give a time.'),
    });
    const refusal = await waitFor('refusal', () =>
      h.slack.ephemerals.find((e) => e.user === sue && textOf(e).includes('You need the Convrs permission')),
    );
    expect(refusal.channel).toBe(GENERAL);
    expect(textOf(refusal)).toContain('"Supervise" in Sales');
    expect(whispers().length).toBe(before);
    await h.app.store.agents.replaceAll(agents);
  }, 30_000);

  it('a supervisor who may not see the chat gets a clear refusal instead of a draft', async () => {
    const chat = await upsetChat('Tech Support');
    const answer = await ask(h, sue, `suggest ${chat.ref}`);
    expect(textOf(answer)).toContain('You need the Convrs permission "Supervise" in Tech Support');
    expect(textOf(answer)).not.toMatch(/ridiculous|refund/);
  });

  it('where the trigger expired, the draft comes as a message whose "Edit and send" opens the modal', async () => {
    const chat = await upsetChat();
    h.slack.failNext('views.open', 1, 'expired_trigger_id');
    const { responseId } = await slash(h, sam, `suggest ${chat.ref}`, GENERAL);
    const answer = await waitForResponse(h, responseId);
    expect(textOf(answer)).toContain(`Suggested whisper for ${chat.ref}`);
    const edit = buttonsOf(answer.blocks).find((b) => b.text === 'Edit and send')!;
    expect(edit.action_id).toBe('convrs_draft_edit');
    const click = await clickButton(h, sam, edit, { channel: GENERAL, messageTs: '1.1', ephemeral: true });
    const modal = await waitFor('draft modal opened', () =>
      h.slack.modals.find((m) => m.trigger_id === click.triggerId),
    );
    expect(modal.view.blocks.find((b: any) => b.type === 'input').element.initial_value).toMatch(/the refund/);
  }, 30_000);
});

describe('Slack suggested whispers with a slow model', () => {
  let h: SlackHarness;
  let ai: FakeOpenAi;
  beforeAll(async () => {
    ai = await new FakeOpenAi().start();
    h = await startSlackHarness({
      env: {
        SCORE_DEBOUNCE_SECONDS: '1',
        INACTIVITY_MINUTES: '60',
        OPENAI_API_KEY: 'sk-test',
        OPENAI_BASE_URL: ai.url,
        OPENAI_MODEL: 'gpt-test',
      },
    });
  }, 30_000);
  afterAll(async () => {
    await h?.stopAll();
    await ai?.stop();
  });
  const viewOf = (c: { body: Record<string, any> }) =>
    typeof c.body.view === 'string' ? JSON.parse(c.body.view) : c.body.view;

  it('a "Drafting…" modal opens on the trigger at once and gets the model\'s draft when it comes', async () => {
    const conv = h.sim.control.startChat({ businessUnit: 'Sales', agentEmail: 'ann.lee@acme.test', opener: 'Hello' });
    await h.sim.flush();
    const chat = await waitFor('chat stored', async () => {
      const c = await h.app.store.chats.byConversationId(conv.conversationId);
      return c?.agentEmail ? c : undefined;
    });
    ai.draftDelayMs = 3_500;
    ai.draft = () => ({ whisper: 'Ann, ask what the customer needs today.' });
    const { triggerId } = await slash(h, sam, `suggest ${chat.ref.toLowerCase()}`, GENERAL);
    const opened = await waitFor('drafting modal', () => h.slack.modals.find((m) => m.trigger_id === triggerId), 2_000);
    expect(textOf({ blocks: opened.view.blocks })).toContain(`Drafting a whisper for ${chat.ref}`);
    const update = await waitFor(
      'modal updated with the draft',
      () => h.slack.callsOf('views.update', true)[0],
      15_000,
    );
    const view = viewOf(update);
    expect(view.callback_id).toBe('convrs_whisper_draft');
    expect(view.blocks.find((b: any) => b.type === 'input').element.initial_value).toBe(
      'Ann, ask what the customer needs today.',
    );
    expect(textOf({ blocks: view.blocks })).toContain('Drafted by gpt-test.');
    expect(JSON.parse(view.private_metadata)).toEqual({ ref: chat.ref, destination: GENERAL, threadRootId: null });
  }, 30_000);

  it('a refusal replaces the Drafting… modal', async () => {
    const conv = h.sim.control.startChat({ businessUnit: 'Tech Support', agentEmail: 'ann.lee@acme.test' });
    await h.sim.flush();
    const chat = await waitFor('chat stored', () => h.app.store.chats.byConversationId(conv.conversationId));
    const updates = h.slack.callsOf('views.update', true).length;
    await slash(h, sue, `suggest ${chat.ref}`, GENERAL);
    const update = await waitFor('modal updated', () => h.slack.callsOf('views.update', true)[updates], 10_000);
    const view = viewOf(update);
    expect(view.submit).toBeUndefined();
    expect(textOf({ blocks: view.blocks })).toContain('You need the Convrs permission "Supervise" in Tech Support');
  }, 30_000);
});
