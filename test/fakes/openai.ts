// A fake OpenAI Chat Completions endpoint (OPENAI_BASE_URL points here): records requests and answers with
// structured output the way the API does — a JSON string in message.content — or fails on demand.
import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeOpenAiReply {
  sentiment: number;
  label: 'negative' | 'neutral' | 'positive';
  csat: number;
  reason: string;
}
/** A summary answer: the points as the model writes them, `{ raw }` sent as the content as is, or a refusal. */
export type FakeSummaryReply = { points: { text: string; line: number }[] } | { raw: string } | { refusal: string };

/** A whisper-draft answer: the whisper as the model writes it, `{ raw }` sent as the content as is, or a refusal. */
export type FakeDraftReply = { whisper: string } | { raw: string } | { refusal: string };

/** The [LN …] line numbers of a numbered transcript the summarizer sent. */
export const transcriptLineNumbers = (transcript: string): number[] =>
  [...transcript.matchAll(/^\[L(\d+) /gm)].map((m) => Number(m[1]));

export class FakeOpenAi {
  url = '';
  /** Scoring requests (and any other that is not a summary). */
  readonly requests: any[] = [];
  /** Summary requests (structured output named `chat_summary`): kept apart, so counts of scoring calls stay what they were. */
  readonly summaryRequests: any[] = [];
  /** Whisper-draft requests (structured output named `whisper_draft`), kept apart like summaries. */
  readonly draftRequests: any[] = [];
  /** Draft answers wait this long first (a slow model). */
  draftDelayMs = 0;
  /** Decides a whisper draft from the prompt. */
  draft: (prompt: string) => FakeDraftReply = () => ({
    whisper: 'Ann, give the customer a short update on the refund now and a time for the next one.',
  });
  /** Decides the answer from the transcript the bot sent (the user message). */
  decide: (transcript: string) => FakeOpenAiReply = (t) =>
    /terrible|useless|refund|angry/i.test(t)
      ? { sentiment: -0.8, label: 'negative', csat: 2, reason: 'The customer is angry about a refund.' }
      : { sentiment: 0.3, label: 'positive', csat: 4, reason: 'The customer sounds satisfied.' };
  /** Decides a summary answer from the numbered transcript: by default a point on its first and on its last line. */
  summarize: (transcript: string) => FakeSummaryReply = (t) => {
    const lines = transcriptLineNumbers(t);
    return {
      points: [
        { text: 'The customer asked for help', line: lines[0] ?? 1 },
        { text: 'The chat is still going on', line: lines.at(-1) ?? 1 },
      ],
    };
  };
  private readonly failures: { status: number; retryAfter?: string; kind: 'score' | 'summary' | 'draft' }[] = [];
  /** Until then every request is answered 429 with this Retry-After (seconds). */
  private rateLimited: { until: number; retryAfter: string } | null = null;
  private server?: Server;

  /** The next `n` requests of that kind (scoring by default, or summaries) fail with `status`. */
  failNext(n: number, status: number, retryAfter?: string, kind: 'score' | 'summary' | 'draft' = 'score'): void {
    for (let i = 0; i < n; i++) this.failures.push({ status, retryAfter, kind });
  }

  /** Answers every request with 429 and `Retry-After: retryAfterSeconds` for the next `ms` (a saturated account). */
  rateLimitFor(ms: number, retryAfterSeconds: number): void {
    this.rateLimited = { until: Date.now() + ms, retryAfter: String(retryAfterSeconds) };
  }

  async start(): Promise<this> {
    const app = express();
    app.use(express.json({ limit: '5mb' }));
    app.post('/v1/chat/completions', async (req, res) => {
      const schemaName = req.body?.response_format?.json_schema?.name;
      const isSummary = schemaName === 'chat_summary';
      const isDraft = schemaName === 'whisper_draft';
      (isSummary ? this.summaryRequests : isDraft ? this.draftRequests : this.requests).push(req.body);
      const limited =
        this.rateLimited && Date.now() < this.rateLimited.until
          ? { status: 429, retryAfter: this.rateLimited.retryAfter }
          : undefined;
      const next = this.failures.findIndex((x) => x.kind === (isSummary ? 'summary' : isDraft ? 'draft' : 'score'));
      const f = limited ?? (next >= 0 ? this.failures.splice(next, 1)[0] : undefined);
      if (f) {
        if (f.retryAfter) res.set('retry-after', f.retryAfter);
        return void res.status(f.status).json({
          error: {
            message: 'fake failure',
            type: f.status === 429 ? 'requests' : 'server_error',
            code: f.status === 429 ? 'rate_limit_exceeded' : null,
          },
        });
      }
      const transcript = (req.body.messages ?? []).map((m: { content: unknown }) => String(m.content)).join('\n');
      let message: { content: string | null; refusal: string | null };
      if (isDraft) {
        if (this.draftDelayMs) await new Promise((r) => setTimeout(r, this.draftDelayMs));
        const d = this.draft(transcript);
        message =
          'refusal' in d
            ? { content: null, refusal: d.refusal }
            : { content: 'raw' in d ? d.raw : JSON.stringify(d), refusal: null };
      } else if (isSummary) {
        const s = this.summarize(transcript);
        message =
          'refusal' in s
            ? { content: null, refusal: s.refusal }
            : { content: 'raw' in s ? s.raw : JSON.stringify(s), refusal: null };
      } else {
        message = { content: JSON.stringify(this.decide(transcript)), refusal: null };
      }
      res.json({
        id: `chatcmpl-${this.requests.length + this.summaryRequests.length + this.draftRequests.length}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: req.body.model,
        choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', ...message } }],
        usage: { prompt_tokens: 120, completion_tokens: 30, total_tokens: 150 },
      });
    });
    await new Promise<void>((r) => {
      this.server = app.listen(0, '127.0.0.1', () => r());
    });
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/v1`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections?.();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }
}
