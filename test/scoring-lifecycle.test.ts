// Scores follow the chat's life (terminal surface, real Redis card gate): CSAT on every finish (ours or Convrs's,
// one run for both), a re-score on feedback with the thumbs bound, a lexicon score while the model says 429, and
// a negative crossing that shows on the card at once.
import type { Chat } from '../src/core/model';
import { FakeOpenAi } from './fakes/openai';
import { ask, sleep } from './flow-helpers';
import { command, replies, startHarness, waitFor, type Harness } from './harness';

describe('scores follow the chat', () => {
  let h: Harness;
  let ai: FakeOpenAi;
  const alertsIn = (destination: string) =>
    h.surface.records.filter((r) => r.kind === 'alert' && r.destination === destination);
  /** Model calls that scored this chat as finished (CSAT runs). */
  const finishCalls = (ref: string, since = 0) =>
    ai.requests.slice(since).filter((r) => JSON.stringify(r.messages).includes(`Chat ${ref} (finished`)).length;
  const chatOf = async (id: number) => (await h.app.store.chats.get(id))!;

  async function openChat(text: string): Promise<{ conv: string; chat: Chat }> {
    const { conversationId } = h.sim.control.startChat({ businessUnit: 'Sales', messages: 0 });
    const chat = await waitFor('chat stored', () => h.app.store.chats.byConversationId(conversationId));
    h.sim.control.say(conversationId, 'customer', text);
    const scored = await waitFor(
      'sentiment stored',
      async () => (await chatOf(chat.id)).sentimentAt !== null && chatOf(chat.id),
      10_000,
    );
    return { conv: conversationId, chat: scored };
  }

  beforeAll(async () => {
    ai = await new FakeOpenAi().start();
    h = await startHarness({
      env: {
        OPENAI_API_KEY: 'sk-test',
        OPENAI_BASE_URL: ai.url,
        OPENAI_MODEL: 'gpt-test',
        SCORE_DEBOUNCE_SECONDS: '1',
      },
    });
    await command(h, 'sam', 'watch bu:Sales', 'wall-sales');
    await waitFor('watch', async () => (await h.app.store.watches.list('terminal')).length === 1);
  }, 30_000);
  afterAll(async () => {
    await h?.stop();
    await ai?.stop();
  });

  it('a chat finished from the bot gets its CSAT within seconds, and Convrs’s finish event after it costs no second run', async () => {
    const { chat } = await openChat('thanks, that solved it');
    const mark = ai.requests.length;
    const reply = await ask(h, 'sam', `finish ${chat.ref} confirm`);
    expect(reply.text).toContain('finished');
    const finished = await waitFor(
      'CSAT stored',
      async () => {
        const c = await chatOf(chat.id);
        return c.csat !== null && c;
      },
      5_000,
    );
    expect(finished).toMatchObject({ status: 'closed', csat: 4, csatSource: 'gpt-test' });
    // Convrs's own finish event (with its system line) arrives and is applied; it must not score the chat again.
    await waitFor(
      'Convrs finish event applied',
      async () =>
        (await h.app.store.messages.recent(chat.id, 20)).some((m) => m.text.includes('Conversation finished by')),
      10_000,
    );
    await sleep(1_500);
    expect(finishCalls(chat.ref, mark)).toBe(1);
  }, 30_000);

  it('a chat finished in the Convrs app gets its CSAT within seconds', async () => {
    const { conv, chat } = await openChat('thanks, that solved it');
    const mark = ai.requests.length;
    h.sim.control.finish(conv);
    const finished = await waitFor(
      'CSAT stored',
      async () => {
        const c = await chatOf(chat.id);
        return c.csat !== null && c;
      },
      5_000,
    );
    expect(finished).toMatchObject({ status: 'closed', csat: 4, csatSource: 'gpt-test' });
    await sleep(1_000);
    expect(finishCalls(chat.ref, mark)).toBe(1);
  }, 30_000);

  it('feedback after the finish re-scores the CSAT: thumbs down caps it at 2, thumbs up floors it at 4, and the reason says so', async () => {
    const happy = await openChat('thanks, that solved it');
    const angry = await openChat('This is terrible, I want a refund');
    h.sim.control.finish(happy.conv);
    h.sim.control.finish(angry.conv);
    await waitFor(
      'both CSATs',
      async () => (await chatOf(happy.chat.id)).csat === 4 && (await chatOf(angry.chat.id)).csat === 2,
      5_000,
    );

    h.sim.control.thumbs(happy.conv, 'down', 'took ages');
    h.sim.control.thumbs(angry.conv, 'up');
    const down = await waitFor(
      'thumbs-down re-score',
      async () => {
        const c = await chatOf(happy.chat.id);
        return c.thumbs === 'down' && c.csat !== null && c.csat <= 2 && c;
      },
      5_000,
    );
    expect(down.csat).toBe(2);
    expect(down.csatSource).toBe('gpt-test');
    expect(down.csatReason).toMatch(/thumbs down/i);
    const up = await waitFor(
      'thumbs-up re-score',
      async () => {
        const c = await chatOf(angry.chat.id);
        return c.thumbs === 'up' && c.csat !== null && c.csat >= 4 && c;
      },
      5_000,
    );
    expect(up.csat).toBe(4);
    expect(up.csatReason).toMatch(/thumbs up/i);
  }, 30_000);

  it('a negative crossing shows on the card at once, not at the routine card pace', async () => {
    const { conv, chat } = await openChat('thanks, that solved it');
    // The card has had an edit, or has one scheduled, within the last 20 s (its assignment, the positive score):
    // a change paced as routine would wait for the chat's next routine slot, up to 20 s away.
    expect((await h.app.store.threads.forChat(chat.id)).some((t) => t.active)).toBe(true);
    h.sim.control.say(conv, 'customer', 'This is terrible, I want a refund');
    await waitFor(
      'negative alert',
      () => alertsIn('wall-sales').find((a) => a.text.includes(chat.ref) && a.text.includes('Negative')),
      10_000,
    );
    const card = await waitFor(
      'card with the negative score',
      () =>
        h.surface.records.find(
          (r) => r.kind === 'card' && r.chatRef === chat.ref && r.card?.sentiment?.label === 'negative',
        ),
      3_000,
    );
    expect(card.card!.sentiment!.source).toBe('gpt-test');
  }, 30_000);

  it('while the model answers 429 the chat is scored by the lexicon within the debounce window and alerts; after Retry-After the model is used again', async () => {
    const { chatId, conv, ref } = await (async () => {
      const { conversationId } = h.sim.control.startChat({ businessUnit: 'Sales', messages: 0 });
      const c = await waitFor('chat stored', () => h.app.store.chats.byConversationId(conversationId));
      return { chatId: c.id, conv: conversationId, ref: c.ref };
    })();
    ai.rateLimitFor(60_000, 4);
    const mark = ai.requests.length;
    h.sim.control.say(conv, 'customer', 'This is terrible, useless service, I am so angry!!!');
    // Debounce 1 s: scored by then, give or take a second of event and queue latency.
    const scored = await waitFor(
      'lexicon score',
      async () => {
        const c = await chatOf(chatId);
        return c.sentimentSource === 'lexicon' && c;
      },
      3_000,
    );
    const scoredAt = Date.now(); // the model's 429 (Retry-After: 4 s) came before this
    expect(scored.sentimentLabel).toBe('negative');
    const alert = await waitFor(
      'negative alert',
      () => alertsIn('wall-sales').find((a) => a.text.includes(ref) && a.text.includes('Negative')),
      2_000,
    );
    expect(alert.text).toContain('lexicon');
    expect(ai.requests.length - mark).toBe(1);
    // The fallback and its reason are counted (scoring_runs_total) as well as stored.
    const runs = (await h.app.metrics.scoringRuns.get()).values;
    expect(
      runs.find((v) => v.labels.source === 'lexicon' && v.labels.fallback === 'rate_limited')?.value,
    ).toBeGreaterThanOrEqual(1);
    // `chats sentiment:negative` finds it.
    const list = await ask(h, 'sam', 'chats sentiment:negative');
    expect(list.view?.type === 'list' && list.view.page.rows.map((r) => r.cells[0])).toContain(ref);
    // A CSAT predicted meanwhile says in its stored reason that the lexicon stood in, and why.
    expect((await ask(h, 'sam', `score ${ref}`)).text).toContain('rate_limited');
    expect(await chatOf(chatId)).toMatchObject({
      csatSource: 'lexicon',
      csatReason: expect.stringContaining('the model was unavailable: rate_limited'),
    });

    // Another chat scored while the model said wait: the lexicon answers, the model is not called.
    const other = await openChat('hello, where is my order?');
    expect(other.chat.sentimentSource).toBe('lexicon');
    expect(ai.requests.length - mark).toBe(1);

    // The model is back once Retry-After has passed.
    ai.rateLimitFor(0, 0);
    await sleep(Math.max(0, scoredAt + 4_200 - Date.now()));
    h.sim.control.say(conv, 'customer', 'still terrible, I want a refund');
    const back = await waitFor(
      'model score again',
      async () => {
        const c = await chatOf(chatId);
        return c.sentimentSource === 'gpt-test' && c;
      },
      5_000,
    );
    expect(back.sentimentLabel).toBe('negative');
    expect(replies(h).some((r) => /stack|Error:/.test(r.text))).toBe(false);
  }, 40_000);
});
