// `suggest <chat>` end to end on the terminal surface with the model on (the fake OpenAI): the model's draft, the
// template with the reason when the model fails, help, and the refusals (finished chat, queued chat, unknown chat,
// not a supervisor of the unit) in one sentence each; never a whisper, and nothing of the chat in the logs.
import type { WhisperDraftView } from '../src/core/views';
import { FakeOpenAi } from './fakes/openai';
import { sleep } from './flow-helpers';
import { command, replies, startHarness, waitFor, type Harness } from './harness';

describe('suggest <chat> with the model', () => {
  let h: Harness;
  let ai: FakeOpenAi;
  beforeAll(async () => {
    ai = await new FakeOpenAi().start();
    h = await startHarness({
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
    await h?.stop();
    await ai?.stop();
  });

  const whispers = () => h.sim.commandLog.filter((c) => c.cmd === 'SendWhisper');
  let seen = 0;
  /** The next reply shown after the ones already looked at. */
  const nextReply = async () => {
    const r = await waitFor('a reply', () => replies(h)[seen]);
    seen += 1;
    return r;
  };
  const draftOf = (r: { view?: unknown }) => (r.view as { type: string; draft: WhisperDraftView }).draft;

  async function chat(o: { businessUnit?: string; queued?: boolean } = {}) {
    const conv = h.sim.control.startChat({
      businessUnit: o.businessUnit ?? 'Sales',
      ...(o.queued ? { queued: true } : { agentEmail: 'ann.lee@acme.test' }),
      opener: 'My refund still has not arrived',
    });
    await h.sim.flush();
    const c = await waitFor('chat stored', async () => {
      const stored = await h.app.store.chats.byConversationId(conv.conversationId);
      return stored && (o.queued || stored.agentEmail) ? stored : undefined;
    });
    return { ...c, conversationId: conv.conversationId };
  }

  it('drafts with the model, which gets the situation; the answer names the model and sends nothing', async () => {
    const c = await chat();
    ai.draft = () => ({ whisper: 'Ann, confirm the refund date and apologise for the wait.' });
    await command(h, 'sam', `suggest ${c.ref}`);
    const draft = draftOf(await nextReply());
    expect(draft).toMatchObject({
      ref: c.ref,
      text: 'Ann, confirm the refund date and apologise for the wait.',
      source: 'gpt-test',
      situation: 'general',
    });
    expect(draft.reason).toBe(
      'Nothing stands out in the chat. Drafted by gpt-test. Nothing is sent until you send it.',
    );
    const prompt = ai.draftRequests.at(-1).messages[1].content as string;
    expect(prompt).toContain('Situation: general.');
    expect(prompt).toContain("The customer's concern: the refund.");
    await sleep(300);
    expect(whispers()).toHaveLength(0);
  }, 30_000);

  it('when the model fails, the template answers and the reason says why', async () => {
    const c = await chat();
    ai.failNext(2, 500, undefined, 'draft');
    await command(h, 'sam', `suggest ${c.ref}`);
    const draft = draftOf(await nextReply());
    expect(draft.source).toBe('template');
    expect(draft.text).toBe(
      "Ann, you're doing fine. Check you've confirmed what the customer needs about the refund, and end with a clear next step.",
    );
    expect(draft.reason).toContain('Drafted from the template: gpt-test was not used (http 500).');
    const metrics = await (await fetch(`${h.app.url}/metrics`)).text();
    expect(metrics).toMatch(/whisper_drafts_total\{source="template",situation="general",fallback="http 500"\} 1/);
    expect(metrics).toMatch(/whisper_drafts_total\{source="gpt-test",situation="general",fallback=""\} 1/);
  }, 30_000);

  it("an Offline agent's chat gets no draft but the way to move it", async () => {
    const c = await chat();
    h.sim.control.setAgentStatus('ann.lee@acme.test', 'Offline');
    await waitFor('Ann stored Offline', async () =>
      (await h.app.store.agents.byEmail('ann.lee@acme.test'))?.status === 'Offline' ? true : undefined,
    );
    try {
      await command(h, 'sam', `suggest ${c.ref}`);
      const r = await nextReply();
      expect(r.view).toMatchObject({ type: 'notice', tone: 'info' });
      expect((r.view as { text: string }).text).toContain('Ann Lee is Offline');
      expect((r.view as { hint: string }).hint).toContain(`transfer ${c.ref}`);
    } finally {
      h.sim.control.setAgentStatus('ann.lee@acme.test', 'Online');
      await waitFor('Ann back Online', async () =>
        (await h.app.store.agents.byEmail('ann.lee@acme.test'))?.status === 'Online' ? true : undefined,
      );
    }
  });

  it('help has it, with an example', async () => {
    await command(h, 'sam', 'help suggest');
    const r = await nextReply();
    expect(r.text).toContain('suggest <chat>');
    expect(r.text).toContain('suggest C-1042');
  });

  it('refuses in one sentence: a finished chat, a queued chat, an unknown chat, a unit the supervisor may not see', async () => {
    const done = await chat();
    h.sim.control.finish(done.conversationId);
    await waitFor('finished', async () => (await h.app.store.chats.get(done.id))?.status === 'closed');
    await command(h, 'sam', `suggest ${done.ref}`);
    expect((await nextReply()).text).toBe(`⚠️ ${done.ref} is finished, so there is no agent to whisper to.`);

    const queued = await chat({ queued: true });
    await command(h, 'sam', `suggest ${queued.ref}`);
    expect((await nextReply()).text).toContain('is still waiting in the queue, so there is no agent to whisper to yet');

    await command(h, 'sam', 'suggest C-999999');
    expect((await nextReply()).text).toMatch(/^⚠️ .*C-999999/);

    const tech = await chat({ businessUnit: 'Tech Support' });
    await command(h, 'sue', `suggest ${tech.ref}`);
    expect((await nextReply()).text).toBe(
      '⚠️ You need the Convrs permission "Supervise" in Tech Support to do that. Ask your Convrs admin if you should have it.',
    );
    await command(h, 'sam', 'suggest');
    expect((await nextReply()).text).toContain('Usage: suggest <chat>, e.g. suggest C-1042.');
    expect(whispers()).toHaveLength(0);
  }, 30_000);
});
