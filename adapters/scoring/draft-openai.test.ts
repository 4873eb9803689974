// The OpenAI drafter against the fake OpenAI server: the strict structured output and the prompt it sends (the
// situation, customer and agent lines only), the model's whisper as the draft, and every fallback to the template.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { FakeOpenAi } from '../../test/fakes/openai';
import { templateDrafter, type DraftInput } from '../../src/core/drafter';
import type { SenderRole } from '../../src/core/model';
import { templateWhisper } from '../../src/core/whisper-situation';
import { openAiDrafter, type OpenAiDrafterOptions } from './draft-openai';

const MODEL = 'gpt-test-mini';
const START = Date.UTC(2026, 11, 7, 14, 2);

let ai: FakeOpenAi;
let logs: string[] = [];
let clock = Date.now();
beforeAll(async () => {
  ai = await new FakeOpenAi().start();
});
afterAll(async () => ai?.stop());
beforeEach(() => {
  logs = [];
  ai.draftRequests.length = 0;
  ai.draft = () => ({ whisper: '  Ann, update the customer on the refund now.\n Give a time.  ' });
  clock = Date.now();
});

const drafter = (o: Partial<OpenAiDrafterOptions> = {}) =>
  openAiDrafter({
    apiKey: 'sk-test',
    baseURL: ai.url,
    model: MODEL,
    timeoutMs: 2_000,
    fallback: templateDrafter(),
    log: pino({ level: 'info' }, { write: (line: string) => logs.push(line) }),
    now: () => clock,
    ...o,
  });
const rows: Array<[SenderRole, string]> = [
  ['customer', 'Where is my refund? jo@example.com'],
  ['whisper', 'offer the refund, she is a VIP'],
  ['agent', "I'll check and get back to you in 5 minutes."],
];
const input: DraftInput = {
  chatRef: 'C-1042',
  agentName: 'Ann Lee',
  situation: {
    kind: 'promise not kept',
    evidence: 'Ann Lee promised at 14:03 to come back within 5 min; no agent line for 12 min.',
    concern: 'the refund',
    also: ['negative customer'],
  },
  lines: rows.map(([role, text], i) => ({ id: 10 + i, role, author: role, text, at: new Date(START + i * 60_000) })),
};
const template = templateWhisper(input.situation, 'Ann Lee');

it('asks for strict structured output with the situation and the customer and agent lines only', async () => {
  await drafter().draft(input);
  const body = ai.draftRequests[0];
  expect(body.model).toBe(MODEL);
  const { name, strict, schema } = body.response_format.json_schema;
  expect({ type: body.response_format.type, name, strict }).toEqual({
    type: 'json_schema',
    name: 'whisper_draft',
    strict: true,
  });
  expect(schema).toMatchObject({
    type: 'object',
    additionalProperties: false,
    required: ['whisper'],
    properties: { whisper: { type: 'string' } },
  });
  expect(body.messages.map((m: { role: string }) => m.role)).toEqual(['system', 'user']);
  expect(body.messages[0].content).toMatch(/never copy names, e-mail addresses/);
  expect((body.messages[1].content as string).split('\n')).toEqual([
    'Chat C-1042. Agent: Ann Lee.',
    'Situation: promise not kept. Ann Lee promised at 14:03 to come back within 5 min; no agent line for 12 min. Also: negative customer.',
    "The customer's concern: the refund.",
    'Transcript (UTC):',
    '[14:02] Customer: Where is my refund? jo@example.com',
    "[14:04] Agent: I'll check and get back to you in 5 minutes.",
  ]);
});

it("the model's whisper, whitespace folded, named by the model, with its usage", async () => {
  expect(await drafter().draft(input)).toEqual({
    text: 'Ann, update the customer on the refund now. Give a time.',
    source: MODEL,
    usage: { inputTokens: 120, outputTokens: 30 },
  });
  expect(logs.join('')).not.toContain('refund now');
});

describe('falls back to the template, saying why', () => {
  const fallsBack = async (reason: string, d = drafter()) =>
    expect(await d.draft(input)).toEqual({ text: template, source: 'template', fallbackReason: reason });

  it('on a 429, and asks nothing until Retry-After has passed', async () => {
    const d = drafter();
    ai.failNext(1, 429, '7', 'draft');
    await fallsBack('rate_limited', d);
    await fallsBack('rate_limited', d);
    expect(ai.draftRequests).toHaveLength(1);
    clock += 8_000;
    expect((await d.draft(input)).source).toBe(MODEL);
  });

  it('on a 500 (after the one retry)', async () => {
    ai.failNext(2, 500, undefined, 'draft');
    await fallsBack('http 500');
    expect(ai.draftRequests).toHaveLength(2);
  });

  it('on output that is not JSON, or not the schema', async () => {
    ai.draft = () => ({ raw: '{"whisper": "cut' });
    await fallsBack('malformed output');
    ai.draft = () => ({ raw: JSON.stringify({ text: 'wrong key' }) });
    await fallsBack('schema violation');
  });

  it('on a refusal, and on a blank whisper', async () => {
    ai.draft = () => ({ refusal: "I can't help with that." });
    await fallsBack('refusal');
    ai.draft = () => ({ whisper: '   ' });
    await fallsBack('empty draft');
  });

  it('on a timeout (after the one retry), and then rests for the cool-off', async () => {
    // A server that takes the request and never answers.
    const hang = createServer(() => undefined);
    await new Promise<void>((r) => hang.listen(0, '127.0.0.1', () => r()));
    // Under jest, fetch's AbortError is a DOMException of another realm; hand it over as one of this realm's.
    const realFetch = globalThis.fetch;
    globalThis.fetch = (...args) =>
      realFetch(...args).catch((e: Error) => {
        throw Object.assign(new Error(e.message), { name: e.name });
      });
    try {
      const port = (hang.address() as AddressInfo).port;
      const slow = drafter({ baseURL: `http://127.0.0.1:${port}/v1`, timeoutMs: 150, timeoutCoolOffMs: 30_000 });
      await fallsBack('timeout', slow);
      const started = Date.now();
      await fallsBack('timeout', slow);
      expect(Date.now() - started).toBeLessThan(100);
    } finally {
      globalThis.fetch = realFetch;
      hang.closeAllConnections();
      await new Promise((r) => hang.close(r));
    }
  }, 10_000);
});
