// A fake OpenAI Chat Completions endpoint (OPENAI_BASE_URL points here): records requests and answers with
// structured output the way the API does — a JSON string in message.content — or fails on demand.
import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeOpenAiReply { sentiment: number; label: 'negative' | 'neutral' | 'positive'; csat: number; reason: string }

export class FakeOpenAi {
  url = '';
  readonly requests: any[] = [];
  /** Decides the answer from the transcript the bot sent (the user message). */
  decide: (transcript: string) => FakeOpenAiReply = (t) =>
    /terrible|useless|refund|angry/i.test(t)
      ? { sentiment: -0.8, label: 'negative', csat: 2, reason: 'The customer is angry about a refund.' }
      : { sentiment: 0.3, label: 'positive', csat: 4, reason: 'The customer sounds satisfied.' };
  private readonly failures: { status: number; retryAfter?: string }[] = [];
  /** Until then every request is answered 429 with this Retry-After (seconds). */
  private rateLimited: { until: number; retryAfter: string } | null = null;
  private server?: Server;

  failNext(n: number, status: number, retryAfter?: string): void {
    for (let i = 0; i < n; i++) this.failures.push({ status, retryAfter });
  }

  /** Answers every request with 429 and `Retry-After: retryAfterSeconds` for the next `ms` (a saturated account). */
  rateLimitFor(ms: number, retryAfterSeconds: number): void {
    this.rateLimited = { until: Date.now() + ms, retryAfter: String(retryAfterSeconds) };
  }

  async start(): Promise<this> {
    const app = express();
    app.use(express.json({ limit: '5mb' }));
    app.post('/v1/chat/completions', (req, res) => {
      this.requests.push(req.body);
      const limited = this.rateLimited && Date.now() < this.rateLimited.until ? { status: 429, retryAfter: this.rateLimited.retryAfter } : undefined;
      const f = limited ?? this.failures.shift();
      if (f) {
        if (f.retryAfter) res.set('retry-after', f.retryAfter);
        return void res.status(f.status).json({ error: { message: 'fake failure', type: f.status === 429 ? 'requests' : 'server_error', code: f.status === 429 ? 'rate_limit_exceeded' : null } });
      }
      const transcript = (req.body.messages ?? []).map((m: { content: unknown }) => String(m.content)).join('\n');
      const answer = this.decide(transcript);
      res.json({
        id: `chatcmpl-${this.requests.length}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: req.body.model,
        choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: JSON.stringify(answer), refusal: null } }],
        usage: { prompt_tokens: 120, completion_tokens: 30, total_tokens: 150 },
      });
    });
    await new Promise<void>((r) => { this.server = app.listen(0, '127.0.0.1', () => r()); });
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/v1`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections?.();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }
}
