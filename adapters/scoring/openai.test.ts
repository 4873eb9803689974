// The OpenAI scorer against a nock'd OPENAI_BASE_URL: the request it sends, 429 handling (lexicon until Retry-After), and every fallback path.
import nock from 'nock';
import pino from 'pino';
import type { SenderRole } from '../../src/core/model';
import type { ScoringInput } from '../../src/core/scoring';
import { lexiconScorer } from './lexicon';
import { openAiScorer, type OpenAiScorerOptions } from './openai';

const BASE = 'https://openai.test';
const MODEL = 'gpt-test-mini';
const START = Date.UTC(2026, 2, 2, 9);

let logs: string[] = [];
const scorer = (o: Partial<OpenAiScorerOptions> = {}) =>
  openAiScorer({
    apiKey: 'sk-test',
    baseURL: `${BASE}/v1`,
    model: MODEL,
    timeoutMs: 2_000,
    fallback: lexiconScorer(),
    log: pino({ level: 'warn' }, { write: (line: string) => logs.push(line) }),
    ...o,
  });
const input = (lines: Array<[SenderRole, string]>): ScoringInput => ({
  chatRef: 'C-1042',
  lines: lines.map(([role, text], i) => ({ role, text, at: new Date(START + i * 30_000) })),
  thumbs: null,
  finished: true,
});
const shortChat = input([
  ['customer', 'my parcel never arrived, this is ridiculous'],
  ['agent', 'Sorry! Resending today.'],
  ['customer', 'ok thanks'],
]);
const completion = (message: Record<string, unknown>, choices = 1) => ({
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 1_772_000_000,
  model: MODEL,
  choices: Array.from({ length: choices }, (_, index) => ({
    index,
    finish_reason: 'stop',
    logprobs: null,
    message: { role: 'assistant', content: null, refusal: null, ...message },
  })),
  usage: { prompt_tokens: 321, completion_tokens: 28, total_tokens: 349 },
});
const answer = (content: unknown) =>
  completion({ content: typeof content === 'string' ? content : JSON.stringify(content) });
const good = { sentiment: -0.2, label: 'neutral', csat: 3, reason: 'Late parcel, calmed by a quick resend.' };

/** Replies to chat completions; `bodies` receives each request body. */
function api(
  status: number,
  body: unknown,
  o: { times?: number; headers?: Record<string, string>; delayMs?: number; reqheaders?: Record<string, string> } = {},
) {
  const bodies: Array<Record<string, any>> = [];
  const scope = nock(BASE, { reqheaders: o.reqheaders })
    .post('/v1/chat/completions', (b) => {
      bodies.push(b);
      return true;
    })
    .times(o.times ?? 1);
  if (o.delayMs) scope.delay(o.delayMs);
  return { scope: scope.reply(status, body as nock.Body, o.headers), bodies };
}

beforeAll(() => nock.disableNetConnect());
beforeEach(() => {
  logs = [];
});
afterEach(() => nock.cleanAll());
afterAll(() => {
  nock.enableNetConnect();
  nock.restore();
});

describe('the request', () => {
  it('asks for strict structured output from the configured model', async () => {
    const { bodies, scope } = api(200, answer(good), { reqheaders: { authorization: 'Bearer sk-test' } });
    await scorer().score(shortChat);
    scope.done();
    const body = bodies[0];
    expect(body.model).toBe(MODEL);
    expect(body.response_format.type).toBe('json_schema');
    const { name, strict, schema } = body.response_format.json_schema;
    expect({ name, strict }).toEqual({ name: 'chat_score', strict: true });
    expect(schema).toMatchObject({
      type: 'object',
      additionalProperties: false,
      required: ['sentiment', 'label', 'csat', 'reason'],
      properties: {
        sentiment: { type: 'number', minimum: -1, maximum: 1 },
        label: { enum: ['negative', 'neutral', 'positive'] },
        csat: { minimum: 1, maximum: 5 },
        reason: { type: 'string' },
      },
    });
    expect(body.messages.map((m: { role: string }) => m.role)).toEqual(['system', 'user']);
    expect(body.messages[1].content.split('\n')).toEqual([
      'Chat C-1042 (finished; customer thumbs: none)',
      'Customer: my parcel never arrived, this is ridiculous',
      'Agent: Sorry! Resending today.',
      'Customer: ok thanks',
    ]);
  });

  it('sends at most 40 recent lines, says how many were left out, and never sends whispers or system notes', async () => {
    const lines: Array<[SenderRole, string]> = [];
    for (let i = 1; i <= 60; i++)
      lines.push([i % 2 ? 'customer' : 'agent', `line ${i}`], ['whisper', `secret ${i}`], ['system', `note ${i}`]);
    const { bodies } = api(200, answer(good));
    await scorer().score(input(lines));
    const sent: string[] = bodies[0].messages[1].content.split('\n');
    const spoken = sent.filter((l) => /^(Customer|Agent): /.test(l));
    expect(spoken).toHaveLength(40);
    expect(spoken[0]).toBe('Customer: line 21');
    expect(spoken.at(-1)).toBe('Agent: line 60');
    expect(sent[1]).toBe('(20 earlier messages not shown)');
    expect(sent.join('\n')).not.toMatch(/secret|note/);
  });

  it('keeps the transcript within about 6 000 characters', async () => {
    const long = 'x'.repeat(900);
    const { bodies } = api(200, answer(good));
    await scorer().score(input(Array.from({ length: 30 }, (_, i) => [i % 2 ? 'agent' : 'customer', `${i} ${long}`])));
    const sent: string[] = bodies[0].messages[1].content.split('\n');
    expect(sent.slice(2).join('\n').length).toBeLessThanOrEqual(6_000);
    expect(sent[1]).toMatch(/^\(\d+ earlier messages not shown\)$/);
    expect(sent.at(-1)).toMatch(/^Agent: 29 x+$/);
  });
});

describe('answers', () => {
  it('returns the model scores with their source and token usage', async () => {
    api(200, answer(good));
    const r = await scorer().score(shortChat);
    expect(r.sentiment).toEqual({ score: -0.2, label: 'neutral', source: MODEL, reason: good.reason });
    expect(r.csat).toEqual({ score: 3, reason: good.reason, source: MODEL });
    expect(r.usage).toEqual({ inputTokens: 321, outputTokens: 28 });
    expect(r.fallbackReason).toBeUndefined();
  });

  it('on a 429 scores with the lexicon at once (reason rate_limited), asks the model nothing until Retry-After has passed, then asks again', async () => {
    let clock = START;
    const s = scorer({ now: () => clock });
    const limited = api(
      429,
      { error: { message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded' } },
      { times: 2, headers: { 'retry-after': '7' } },
    );
    const first = await s.score(shortChat);
    expect(first).toMatchObject({
      fallbackReason: 'rate_limited',
      sentiment: { source: 'lexicon' },
      csat: { source: 'lexicon' },
    });
    expect(limited.scope.pendingMocks()).toHaveLength(1); // the SDK did not retry the 429
    expect(JSON.parse(logs[0])).toMatchObject({ level: 40, reason: 'rate_limited', status: 429, restMs: 7_000 });

    clock += 6_900; // still within Retry-After: the model is not called (the second 429 stays unasked)
    const resting = await s.score(shortChat);
    expect(resting).toMatchObject({ fallbackReason: 'rate_limited', sentiment: { source: 'lexicon' } });
    expect(limited.scope.pendingMocks()).toHaveLength(1);
    expect(logs).toHaveLength(1); // one line per 429, none per chat scored meanwhile
    nock.cleanAll();

    clock += 200; // Retry-After has passed
    const back = api(200, answer(good));
    const r = await s.score(shortChat);
    back.scope.done();
    expect(r.sentiment.source).toBe(MODEL);
    expect(r.fallbackReason).toBeUndefined();
  });

  it('a Retry-After that is very far off is probed again within the hour', async () => {
    let clock = START;
    const s = scorer({ now: () => clock });
    api(
      429,
      { error: { message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded' } },
      { headers: { 'retry-after': String(24 * 3600) } },
    );
    expect((await s.score(shortChat)).fallbackReason).toBe('rate_limited');
    clock += 60 * 60_000;
    const back = api(200, answer(good));
    expect((await s.score(shortChat)).sentiment.source).toBe(MODEL);
    back.scope.done();
  });

  it('falls back when the quota is exhausted, which waiting does not cure', async () => {
    api(429, {
      error: { message: 'You exceeded your current quota', type: 'insufficient_quota', code: 'insufficient_quota' },
    });
    const r = await scorer().score(shortChat);
    expect(r.fallbackReason).toBe('quota exhausted');
    expect(r.sentiment.source).toBe('lexicon');
  });
});

describe('falls back to the lexicon', () => {
  const fallsBack = async (reason: string, o: Partial<OpenAiScorerOptions> = {}) => {
    const r = await scorer(o).score(shortChat);
    expect(r.fallbackReason).toBe(reason);
    expect(r.sentiment.source).toBe('lexicon');
    expect(r.csat.source).toBe('lexicon');
    expect(r.usage).toBeUndefined();
    expect(logs).toHaveLength(1);
    expect(JSON.parse(logs[0])).toMatchObject({ level: 40, chat: 'C-1042', model: MODEL, reason });
    expect(logs[0]).not.toMatch(/parcel|ridiculous|Resending/);
  };

  it('on a timeout (after the one retry)', async () => {
    // Under jest, fetch's AbortError is a DOMException of another realm, so not an Error here, and the SDK
    // would report a connection error; outside jest it is an Error. Hand it over as one of this realm's.
    const realFetch = globalThis.fetch;
    globalThis.fetch = (...args) =>
      realFetch(...args).catch((e: Error) => {
        throw Object.assign(new Error(e.message), { name: e.name });
      });
    try {
      const { scope } = api(200, answer(good), { times: 2, delayMs: 1_000 });
      await fallsBack('timeout', { timeoutMs: 100 });
      scope.done();
    } finally {
      globalThis.fetch = realFetch;
    }
  });

  it('after a timeout, the model rests for the cool-off: the next chats are scored by the lexicon at once', async () => {
    const realFetch = globalThis.fetch;
    globalThis.fetch = (...args) =>
      realFetch(...args).catch((e: Error) => {
        throw Object.assign(new Error(e.message), { name: e.name });
      });
    try {
      let clock = START;
      const s = scorer({ timeoutMs: 100, timeoutCoolOffMs: 30_000, now: () => clock });
      api(200, answer(good), { times: 2, delayMs: 1_000 });
      expect((await s.score(shortChat)).fallbackReason).toBe('timeout');
      nock.cleanAll();
      clock += 29_000;
      const started = Date.now();
      expect(await s.score(shortChat)).toMatchObject({ fallbackReason: 'timeout', sentiment: { source: 'lexicon' } });
      expect(Date.now() - started).toBeLessThan(100); // no call, so no wait
      clock += 1_000;
      const back = api(200, answer(good));
      expect((await s.score(shortChat)).sentiment.source).toBe(MODEL);
      back.scope.done();
    } finally {
      globalThis.fetch = realFetch;
    }
  });

  it('on a 500 (after the one retry)', async () => {
    const { scope } = api(500, { error: { message: 'boom' } }, { times: 2 });
    await fallsBack('http 500');
    scope.done();
  });

  it('on a network error', async () => {
    nock(BASE).post('/v1/chat/completions').times(2).replyWithError({ code: 'ECONNRESET', message: 'socket hang up' });
    await fallsBack('network error');
  });

  it('on output that is not JSON', async () => {
    api(200, answer('{"sentiment": -0.2, "label": "neu'));
    await fallsBack('malformed output');
  });

  it.each([
    ['out of range', { ...good, sentiment: -3 }],
    ['an unknown label', { ...good, label: 'furious' }],
    ['a missing field', { sentiment: 0.1, label: 'neutral', csat: 4 }],
    ['an extra field', { ...good, mood: 'bad' }],
  ])('on output with %s', async (_, content) => {
    api(200, answer(content));
    await fallsBack('schema violation');
  });

  it('on a refusal', async () => {
    api(200, completion({ refusal: "I'm sorry, I can't help with that." }));
    await fallsBack('refusal');
  });

  it('on an answer without choices', async () => {
    api(200, completion({}, 0));
    await fallsBack('empty choices');
  });
});
