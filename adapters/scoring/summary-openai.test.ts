// The OpenAI summarizer against the fake OpenAI server: the numbered transcript and strict structured output it asks
// for, line numbers mapped back to message ids (an unseen number to an id no line has), and every fallback path.
import pino from 'pino';
import { FakeOpenAi, transcriptLineNumbers } from '../../test/fakes/openai';
import type { SenderRole } from '../../src/core/model';
import type { SummaryLine } from '../../src/core/summary';
import { extractiveSummarizer } from './summary-extractive';
import { openAiSummarizer, type OpenAiSummarizerOptions } from './summary-openai';

const MODEL = 'gpt-test-mini';
const START = Date.UTC(2026, 11, 7, 14, 2);

let ai: FakeOpenAi;
let logs: string[] = [];
beforeAll(async () => {
  ai = await new FakeOpenAi().start();
});
afterAll(async () => ai?.stop());
beforeEach(() => {
  logs = [];
  ai.summaryRequests.length = 0;
});

const summarizer = (o: Partial<OpenAiSummarizerOptions> = {}) =>
  openAiSummarizer({
    apiKey: 'sk-test',
    baseURL: ai.url,
    model: MODEL,
    timeoutMs: 2_000,
    fallback: extractiveSummarizer(),
    log: pino({ level: 'info' }, { write: (line: string) => logs.push(line) }),
    ...o,
  });
const chat = (rows: Array<[SenderRole, string]>): SummaryLine[] =>
  rows.map(([role, text], i) => ({
    id: 500 + i,
    role,
    author: role === 'agent' ? 'Agent Ann Lee' : 'Customer Jane Doe',
    text,
    at: new Date(START + i * 60_000),
  }));
const lines = chat([
  ['customer', 'My parcel never arrived, this is ridiculous'],
  ['whisper', 'offer the refund, she is a VIP'],
  ['agent', "Sorry! I'll resend it today."],
  ['system', 'Assigned to Ann Lee'],
  ['customer', 'ok thanks'],
]);
const input = { chatRef: 'C-1042', lines };
const sentTranscript = () => ai.summaryRequests.at(-1).messages[1].content as string;

describe('the request', () => {
  it('asks for strict structured output over a numbered transcript of customer and agent lines only', async () => {
    await summarizer().summarize(input);
    const body = ai.summaryRequests[0];
    expect(body.model).toBe(MODEL);
    const { name, strict, schema } = body.response_format.json_schema;
    expect({ type: body.response_format.type, name, strict }).toEqual({
      type: 'json_schema',
      name: 'chat_summary',
      strict: true,
    });
    expect(schema).toMatchObject({
      type: 'object',
      additionalProperties: false,
      required: ['points'],
      properties: {
        points: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['text', 'line'],
            properties: { text: { type: 'string' }, line: { type: 'integer' } },
          },
        },
      },
    });
    expect(body.messages.map((m: { role: string }) => m.role)).toEqual(['system', 'user']);
    expect(sentTranscript().split('\n')).toEqual([
      'Chat C-1042',
      '[L1 14:02] Customer: My parcel never arrived, this is ridiculous',
      "[L2 14:04] Agent Ann Lee: Sorry! I'll resend it today.",
      '[L3 14:06] Customer: ok thanks',
    ]);
    expect(JSON.stringify(body)).not.toMatch(/VIP|Assigned/);
  });

  it('sends at most the latest 40 lines, numbered over the whole chat, and says how many were left out', async () => {
    const long = chat(
      Array.from({ length: 60 }, (_, i): [SenderRole, string] => [i % 2 ? 'agent' : 'customer', `line ${i + 1}`]),
    );
    await summarizer().summarize({ chatRef: 'C-7', lines: long });
    const sent = sentTranscript().split('\n');
    expect(transcriptLineNumbers(sentTranscript())).toEqual(Array.from({ length: 40 }, (_, i) => 21 + i));
    expect(sent[1]).toBe('(20 earlier messages not shown)');
    expect(sent.at(-1)).toMatch(/^\[L60 \d\d:\d\d\] Agent Ann Lee: line 60$/);
  });
});

describe('answers', () => {
  it('maps the cited line numbers back to the stored message ids, strips times the model wrote, and names the model', async () => {
    ai.summarize = () => ({
      points: [
        { text: 'The parcel never arrived (14:02)', line: 1 },
        { text: 'Ann will resend it today [L2]', line: 2 },
        { text: 'The customer accepted', line: 3 },
      ],
    });
    const d = await summarizer().summarize(input);
    expect(d).toEqual({
      source: MODEL,
      points: [
        { text: 'The parcel never arrived', lineId: 500 },
        { text: 'Ann will resend it today', lineId: 502 },
        { text: 'The customer accepted', lineId: 504 },
      ],
      usage: { inputTokens: 120, outputTokens: 30 },
    });
    expect(d.fallbackReason).toBeUndefined();
  });

  it('a line number it was not shown (or that does not exist) maps to an id no stored line has, for the check to drop', async () => {
    const long = chat(
      Array.from({ length: 50 }, (_, i): [SenderRole, string] => [i % 2 ? 'agent' : 'customer', `line ${i + 1}`]),
    );
    ai.summarize = () => ({
      points: [
        { text: 'seen', line: 50 },
        { text: 'never shown', line: 3 },
        { text: 'invented', line: 99 },
      ],
    });
    const d = await summarizer().summarize({ chatRef: 'C-7', lines: long });
    const ids = new Set(long.map((l) => l.id));
    expect(d.points.map((p) => ids.has(p.lineId))).toEqual([true, false, false]);
    expect(d.points[0].lineId).toBe(long[49].id);
    expect(logs.join('\n')).not.toMatch(/line \d+/); // counts, never text
  });
});

describe('falls back to the extractive summarizer', () => {
  afterEach(() => {
    ai.summarize = new FakeOpenAi().summarize;
  });
  const fallsBack = async (reason: string, o: Partial<OpenAiSummarizerOptions> = {}) => {
    const d = await summarizer(o).summarize(input);
    expect(d).toMatchObject({ source: 'extractive', fallbackReason: reason });
    expect(d.points.length).toBeGreaterThanOrEqual(2);
    const warn = logs.map((l) => JSON.parse(l)).find((l) => l.level === 40);
    expect(warn).toMatchObject({ chat: 'C-1042', model: MODEL, reason, fallback: 'extractive' });
    expect(logs.join('\n')).not.toMatch(/parcel|resend/);
  };

  it('on a 429 at once, and asks nothing until Retry-After has passed', async () => {
    let clock = START;
    const s = summarizer({ now: () => clock });
    ai.failNext(1, 429, '7', 'summary');
    await expect(s.summarize(input)).resolves.toMatchObject({ fallbackReason: 'rate_limited', source: 'extractive' });
    expect(ai.summaryRequests).toHaveLength(1); // the SDK did not retry the 429
    clock += 6_000;
    await expect(s.summarize(input)).resolves.toMatchObject({ fallbackReason: 'rate_limited', source: 'extractive' });
    expect(ai.summaryRequests).toHaveLength(1);
    clock += 2_000;
    await expect(s.summarize(input)).resolves.toMatchObject({ source: MODEL });
    expect(ai.summaryRequests).toHaveLength(2);
  });

  it('on a 500 (after the one retry)', async () => {
    ai.failNext(2, 500, undefined, 'summary');
    await fallsBack('http 500');
    expect(ai.summaryRequests).toHaveLength(2);
  });

  it('on output that is not JSON', async () => {
    ai.summarize = () => ({ raw: '{"points": [{"text": "cut off' });
    await fallsBack('malformed output');
  });

  it.each([
    ['a missing field', { points: [{ text: 'no line' }] }],
    ['a line that is not a number', { points: [{ text: 'x', line: 'L2' }] }],
    ['an extra field', { points: [{ text: 'x', line: 1, time: '14:02' }] }],
    ['no points at all', { summary: 'the customer is upset' }],
  ])('on output with %s', async (_, content) => {
    ai.summarize = () => ({ raw: JSON.stringify(content) });
    await fallsBack('schema violation');
  });

  it('on a refusal', async () => {
    ai.summarize = () => ({ refusal: "I'm sorry, I can't help with that." });
    await fallsBack('refusal');
  });
});
