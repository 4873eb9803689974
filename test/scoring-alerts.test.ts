// Scoring workers and alerts end to end (terminal surface): debounced model calls, negative alerts once per
// crossing, inactivity with its badge, claims, BU scoping, and `score` / `report`.
import { FakeOpenAi } from './fakes/openai';
import { command, replies, startHarness, waitFor, type Harness } from './harness';

describe('scoring and alerts', () => {
  let h: Harness;
  let ai: FakeOpenAi;
  const alertsIn = (destination: string) =>
    h.surface.records.filter((r) => r.kind === 'alert' && r.destination === destination);

  beforeAll(async () => {
    ai = await new FakeOpenAi().start();
    h = await startHarness({
      env: {
        OPENAI_API_KEY: 'sk-test',
        OPENAI_BASE_URL: ai.url,
        OPENAI_MODEL: 'gpt-test',
        SCORE_DEBOUNCE_SECONDS: '1',
        INACTIVITY_MINUTES: '0.03',
        ALERT_COOLDOWN_MINUTES: '30',
      },
    });
    await command(h, 'sam', 'watch bu:Sales', 'wall-sales');
    await command(h, 'sam', 'watch bu:"Tech Support"', 'wall-tech');
    await waitFor('watches', async () => (await h.app.store.watches.list('terminal')).length === 2);
  }, 30_000);
  afterAll(async () => {
    await h?.stop();
    await ai?.stop();
  });

  it('a burst of 100 customer messages costs at most a few model calls, and the score is stored with its source', async () => {
    const conv = h.sim.control.startChat({ businessUnit: 'Sales', messages: 0 });
    const chat = await waitFor('chat stored', () => h.app.store.chats.byConversationId(conv.conversationId));
    const before = ai.requests.length;
    for (let i = 1; i <= 100; i++) h.sim.control.say(conv.conversationId, 'customer', `question ${i} about my order`);
    await h.sim.flush();
    await waitFor('100 messages stored', async () => (await h.app.store.messages.maxSeq(chat.id)) >= 100, 20_000);
    const scored = await waitFor(
      'sentiment stored',
      async () => {
        const c = await h.app.store.chats.get(chat.id);
        return c?.sentimentSource === 'gpt-test' ? c : undefined;
      },
      15_000,
    );
    await new Promise((r) => setTimeout(r, 2500)); // past another debounce window
    const calls = ai.requests.length - before;
    expect(calls).toBeGreaterThanOrEqual(1);
    expect(calls).toBeLessThanOrEqual(3);
    expect(scored).toMatchObject({ sentimentLabel: 'positive', sentimentScore: 0.3 });
    // The request carried the structured-output schema.
    expect(ai.requests.at(-1).response_format).toMatchObject({ type: 'json_schema', json_schema: { strict: true } });
  }, 40_000);

  it('raises one negative alert per crossing, only where that BU is watched, and a claim shows to everyone', async () => {
    const conv = h.sim.control.startChat({ businessUnit: 'Sales', messages: 0 });
    const chat = await waitFor('chat stored', () => h.app.store.chats.byConversationId(conv.conversationId));
    h.sim.control.say(conv.conversationId, 'customer', 'This is terrible, I want a refund');
    const alert = await waitFor(
      'negative alert on the Sales wall',
      () => alertsIn('wall-sales').find((a) => a.text.includes(chat.ref) && a.text.includes('Negative')),
      15_000,
    );
    expect(alert.text).toMatch(/-0\.80/);
    h.sim.control.say(conv.conversationId, 'customer', 'still terrible, still waiting for the refund');
    await waitFor(
      'scored again',
      async () => ai.requests.filter((r) => JSON.stringify(r).includes('still waiting')).length > 0,
      15_000,
    );
    await new Promise((r) => setTimeout(r, 800));
    expect(alertsIn('wall-sales').filter((a) => a.text.includes(chat.ref) && a.text.includes('Negative'))).toHaveLength(
      1,
    );
    expect(alertsIn('wall-tech').filter((a) => a.text.includes(chat.ref))).toHaveLength(0);
    // The card shows the score and its source.
    const card = await waitFor('card with sentiment', () =>
      h.surface.records.find(
        (r) => r.kind === 'card' && r.chatRef === chat.ref && r.card?.sentiment?.source === 'gpt-test',
      ),
    );
    expect(card.card!.sentiment!.label).toBe('negative');
    // Named kinds: this chat may also go quiet long enough (1.8 s here) for an inactivity alert.
    await command(h, 'sue', `claim ${chat.ref} negative`);
    await waitFor('claimed shown on the wall', () =>
      alertsIn('wall-sales').find(
        (a) => a.text.includes(chat.ref) && a.text.includes('Negative') && a.text.includes('Sue Sales has got it'),
      ),
    );
    await command(h, 'sam', `claim ${chat.ref} negative`);
    await waitFor('second claimer told', () => replies(h).find((r) => r.text.includes('Sue Sales already has')));
  }, 40_000);

  it('a quiet chat raises exactly one inactivity alert and the badge; the next message clears the badge', async () => {
    const conv = h.sim.control.startChat({ businessUnit: 'Tech Support', messages: 1 });
    const chat = await waitFor('chat stored', () => h.app.store.chats.byConversationId(conv.conversationId));
    h.sim.control.say(conv.conversationId, 'customer', 'hello?');
    await waitFor('inactive', async () => (await h.app.store.chats.get(chat.id))?.inactive, 15_000);
    await waitFor('inactivity alert', () =>
      alertsIn('wall-tech').find((a) => a.text.includes(chat.ref) && a.text.includes('Inactive')),
    );
    await waitFor('badge on the card', () =>
      h.surface.records.find((r) => r.kind === 'card' && r.chatRef === chat.ref && r.card?.inactive),
    );
    await new Promise((r) => setTimeout(r, 2500));
    expect(alertsIn('wall-tech').filter((a) => a.text.includes(chat.ref) && a.text.includes('Inactive'))).toHaveLength(
      1,
    );
    h.sim.control.say(conv.conversationId, 'agent', 'Sorry, I am here');
    await waitFor('badge cleared', async () => (await h.app.store.chats.get(chat.id))?.inactive === false, 10_000);
    await waitFor(
      'card without badge',
      () =>
        h.surface.records.filter((r) => r.kind === 'card' && r.chatRef === chat.ref).at(-1)?.card?.inactive === false,
    );
  }, 40_000);

  it('an inactivity timer survives a restart of the bot', async () => {
    const conv = h.sim.control.startChat({ businessUnit: 'Tech Support', messages: 0 });
    const chat = await waitFor('chat stored', () => h.app.store.chats.byConversationId(conv.conversationId));
    h.sim.control.say(conv.conversationId, 'customer', 'are you there?');
    await waitFor('message stored', async () => (await h.app.store.messages.maxSeq(chat.id)) > 0);
    await h.restart();
    await waitFor('inactive after the restart', async () => (await h.app.store.chats.get(chat.id))?.inactive, 15_000);
    await waitFor('inactivity alert', () =>
      alertsIn('wall-tech').find((a) => a.text.includes(chat.ref) && a.text.includes('Inactive')),
    );
    expect(alertsIn('wall-tech').filter((a) => a.text.includes(chat.ref) && a.text.includes('Inactive'))).toHaveLength(
      1,
    );
  }, 40_000);

  it('score <chat> answers with sentiment, predicted CSAT and the source; report tabulates per BU and agent', async () => {
    const conv = h.sim.control.startChat({ businessUnit: 'Sales', messages: 2 });
    const chat = await waitFor('chat stored', () => h.app.store.chats.byConversationId(conv.conversationId));
    h.sim.control.say(conv.conversationId, 'customer', 'thanks, that solved it');
    await waitFor('message stored', async () =>
      (await h.app.store.messages.recent(chat.id, 50)).some((m) => m.text.includes('solved')),
    );
    await command(h, 'sam', `score ${chat.ref}`);
    const answer = await waitFor('score answer', () =>
      replies(h).find((r) => r.text.includes(`${chat.ref}: sentiment`)),
    );
    expect(answer.text).toMatch(/predicted CSAT 4\.0\/5/);
    expect(answer.text).toContain('gpt-test');
    expect((await h.app.store.chats.get(chat.id))!.csatSource).toBe('gpt-test');
    await command(h, 'sam', 'report bu:Sales');
    const table = await waitFor('report', () =>
      replies(h).find((r) => r.view?.type === 'list' && r.view.page.title.startsWith('Report')),
    );
    const view = table.view!;
    const rows = view.type === 'list' ? view.page.rows.map((r) => r.cells[0]) : [];
    expect(rows).toContain('BU: Sales');
    expect(rows.some((r) => r.startsWith('Agent: '))).toBe(true);
    await command(h, 'sue', 'report bu:"Tech Support"');
    await waitFor('permission refusal', () => replies(h).find((r) => r.text.includes('All Chats')));
  }, 40_000);
});
