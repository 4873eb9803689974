// `summary <chat>` and summaries in alerts, end to end on the terminal surface: the points with their lines' times,
// who may ask, the one-sentence answers to bad input, a negative alert carrying the summary (also after a claim), the
// metrics; and with a model that cites lines that do not exist, those points dropped and counted.
import type { SummaryView } from '../src/core/views';
import { FakeOpenAi, transcriptLineNumbers } from './fakes/openai';
import { command, replies, startHarness, waitFor, type Harness } from './harness';

const hhmm = (d: Date) => d.toISOString().slice(11, 16);
const TIME_AT_END = /\((\d\d:\d\d)\)$/;

async function talk(
  h: Harness,
  lines: Array<['customer' | 'agent', string]>,
  o: { businessUnit?: string; agentEmail?: string } = {},
) {
  const conv = h.sim.control.startChat({
    businessUnit: o.businessUnit ?? 'Sales',
    agentEmail: o.agentEmail ?? 'ann.lee@acme.test',
    opener: 'Hi, my parcel never arrived and I need it by Friday',
  });
  for (const [role, text] of lines) h.sim.control.say(conv.conversationId, role, text);
  await h.sim.flush();
  const chat = await waitFor('chat stored', () => h.app.store.chats.byConversationId(conv.conversationId));
  const last = lines.at(-1)?.[1];
  await waitFor(
    'its lines stored',
    async () => !last || (await h.app.store.messages.recent(chat.id, 50)).some((m) => m.text === last),
  );
  return chat;
}

/** The next summary answer shown to the terminal user (after `skip` earlier ones). */
const summaryAnswer = (h: Harness, ref: string) =>
  waitFor(`summary of ${ref}`, () =>
    replies(h)
      .map((r) => r.view)
      .find((v): v is { type: 'summary'; summary: SummaryView } => v?.type === 'summary' && v.summary.ref === ref),
  );
const noticeWith = (h: Harness, text: string) =>
  waitFor(`a reply saying "${text}"`, () => replies(h).find((r) => r.text.includes(text)));

describe('summaries on the terminal (extractive)', () => {
  let h: Harness;
  const alertsIn = (destination: string, ref: string) =>
    h.surface.records.filter((r) => r.kind === 'alert' && r.destination === destination && r.text.includes(ref));

  beforeAll(async () => {
    h = await startHarness({ env: { SCORE_DEBOUNCE_SECONDS: '1', INACTIVITY_MINUTES: '60' } });
    await command(h, 'sam', 'watch bu:Sales', 'wall-sales');
    await waitFor('watch', async () => (await h.app.store.watches.list('terminal')).length === 1);
  }, 30_000);
  afterAll(async () => h?.stop());

  it('sam gets two to five points, each ending with the time of the stored line it cites, in UTC', async () => {
    const chat = await talk(h, [
      ['agent', "I'm sorry! I'll resend it today with express delivery."],
      ['customer', 'ok, thanks'],
    ]);
    await command(h, 'sam', `summary ${chat.ref}`);
    const { summary } = await summaryAnswer(h, chat.ref);
    expect(summary.points.length).toBeGreaterThanOrEqual(2);
    expect(summary.points.length).toBeLessThanOrEqual(5);
    const stored = await h.app.store.messages.recent(chat.id, 50);
    for (const p of summary.points) {
      expect(p.text).toMatch(TIME_AT_END);
      expect(TIME_AT_END.exec(p.text)![1]).toBe(hhmm(p.at));
      expect(
        stored.some((m) => m.at.getTime() === p.at.getTime() && (m.role === 'customer' || m.role === 'agent')),
      ).toBe(true);
      expect(p.link).toBeNull(); // a terminal links nothing
    }
    expect(summary.points.map((p) => p.text.replace(TIME_AT_END, '').trim())).toEqual([
      'Asked, upset: “Hi, my parcel never arrived and I need it by Friday”',
      "Ann Lee promised: “I'm sorry! I'll resend it today with express delivery.”",
      'Latest from the customer: “ok, thanks”',
    ]);
    expect(summary).toMatchObject({ source: 'extractive', note: 'Times are UTC.' });
    const shown = replies(h).find((r) => r.view?.type === 'summary' && r.view.summary.ref === chat.ref)!.text;
    expect(shown.split('\n')[0]).toBe(`Summary of ${chat.ref}`);
    expect(
      (await h.app.store.audit.recent(20)).some(
        (a) => a.action === 'summary' && a.chatId === chat.id && a.actor === 'sam.boss@acme.test',
      ),
    ).toBe(true);
    expect(await h.app.metrics.registry.getSingleMetricAsString('summary_points_total')).toMatch(
      /summary_points_total\{source="extractive"\} [1-9]/,
    );
  }, 30_000);

  it('sue (Supervise in Sales only) asking about a Tech Support chat is told why, in one sentence', async () => {
    const chat = await talk(h, [['agent', 'Let me check your account.']], {
      businessUnit: 'Tech Support',
      agentEmail: 'tom.tech@acme.test',
    });
    await command(h, 'sue', `summary ${chat.ref}`);
    const r = await noticeWith(h, 'You need the Convrs permission "Supervise" in Tech Support');
    expect(r.view).toMatchObject({ type: 'notice', tone: 'error' });
    expect(replies(h).some((x) => x.view?.type === 'summary' && x.view.summary.ref === chat.ref)).toBe(false);
  }, 30_000);

  it('an unknown chat, and a chat with one line, each get one clear sentence', async () => {
    await command(h, 'sam', 'summary C-99999');
    await noticeWith(h, "I can't find chat `C-99999`");
    const conv = h.sim.control.startChat({ businessUnit: 'Sales', queued: true, opener: 'Is anyone there?' });
    const chat = await waitFor('chat stored', () => h.app.store.chats.byConversationId(conv.conversationId));
    await waitFor('its line stored', async () =>
      (await h.app.store.messages.recent(chat.id, 10)).some((m) => m.role === 'customer'),
    );
    await command(h, 'sam', `summary ${chat.ref}`);
    const r = await noticeWith(h, `${chat.ref} has too little to summarise yet`);
    expect(r.text).not.toMatch(/\n\s+at |Error/);
  }, 30_000);

  it('a negative alert carries the summary, and still shows it once claimed', async () => {
    const chat = await talk(h, [
      ['agent', 'Let me look into it.'],
      ['customer', 'This is terrible and unacceptable, I want my money back NOW!!'],
    ]);
    const alert = await waitFor(
      'negative alert with its summary',
      () => alertsIn('wall-sales', chat.ref).find((a) => a.text.includes('Negative') && a.text.includes('   • ')),
      20_000,
    );
    const bullets = alert.text.split('\n').filter((l) => l.startsWith('   • '));
    expect(bullets.length).toBeGreaterThanOrEqual(2);
    expect(bullets.every((b) => TIME_AT_END.test(b))).toBe(true);
    expect(alert.text).toContain(
      'Latest from the customer, and the most upset: “This is terrible and unacceptable, I want my money back NOW!!”',
    );
    const row = await h.app.store.alerts.latest(chat.id, 'negative');
    expect(row?.summary).toMatchObject({
      source: 'extractive',
      points: expect.arrayContaining([expect.objectContaining({ messageId: expect.any(Number) })]),
    });

    await command(h, 'sue', `claim ${chat.ref} negative`);
    const claimed = await waitFor('claimed alert', () =>
      alertsIn('wall-sales', chat.ref).find((a) => a.text.includes('Sue Sales has got it')),
    );
    expect(claimed.text.split('\n').filter((l) => l.startsWith('   • '))).toEqual(bullets);
  }, 40_000);
});

describe('summaries on the terminal with a model', () => {
  let h: Harness;
  let ai: FakeOpenAi;
  beforeAll(async () => {
    ai = await new FakeOpenAi().start();
    h = await startHarness({
      env: {
        OPENAI_API_KEY: 'sk-test',
        OPENAI_BASE_URL: ai.url,
        OPENAI_MODEL: 'gpt-test',
        SCORE_DEBOUNCE_SECONDS: '30',
        INACTIVITY_MINUTES: '60',
      },
    });
  }, 30_000);
  afterAll(async () => {
    await h?.stop();
    await ai?.stop();
  });

  it("points citing lines that do not exist are dropped and counted; the rest keep the stored lines' times", async () => {
    const chat = await talk(h, [
      ['agent', "I'll resend it today."],
      ['customer', 'ok, thanks'],
    ]);
    ai.summarize = (t) => {
      const [first, , third] = transcriptLineNumbers(t);
      return {
        points: [
          { text: 'The parcel is lost (09:99)', line: first },
          { text: 'An invented refund', line: 77 },
          { text: 'The customer agreed', line: third },
        ],
      };
    };
    await command(h, 'sam', `summary ${chat.ref}`);
    const { summary } = await summaryAnswer(h, chat.ref);
    expect(summary.source).toBe('gpt-test');
    expect(summary.points.map((p) => p.text.replace(TIME_AT_END, '').trim())).toEqual([
      'The parcel is lost',
      'The customer agreed',
    ]);
    for (const p of summary.points) expect(TIME_AT_END.exec(p.text)![1]).toBe(hhmm(p.at));
    expect(await h.app.metrics.registry.getSingleMetricAsString('summary_citations_dropped_total')).toContain(
      'summary_citations_dropped_total{source="gpt-test"} 1',
    );
    // The transcript the model got holds only the customer's and the agent's lines.
    expect(ai.summaryRequests.at(-1).messages[1].content).not.toMatch(/Bot|whisper/i);
  }, 30_000);

  it('with fewer than two valid citations the extractive summary answers, and says the model was not used', async () => {
    const chat = await talk(h, [
      ['agent', "I'll resend it today."],
      ['customer', 'ok, thanks'],
    ]);
    ai.summarize = () => ({
      points: [
        { text: 'Invented', line: 90 },
        { text: 'Invented too', line: 91 },
      ],
    });
    await command(h, 'sam', `summary ${chat.ref}`);
    const { summary } = await summaryAnswer(h, chat.ref);
    expect(summary).toMatchObject({
      source: 'extractive',
      note: 'Times are UTC. gpt-test was not used (too few valid citations): these points are extractive.',
    });
    expect(summary.points.length).toBeGreaterThanOrEqual(2);
    expect(await h.app.metrics.registry.getSingleMetricAsString('summary_citations_dropped_total')).toContain(
      'summary_citations_dropped_total{source="gpt-test"} 3',
    );
  }, 30_000);
});
