// One structured-output call to OpenAI Chat Completions, shared by the scorer and the summarizer: explicit timeout and
// one retry, a 429 never slept on (the caller's fallback answers at once and the model rests until Retry-After),
// timeouts cool off, and refusals, malformed or schema-violating output reported as failures with a reason.
import OpenAI, { APIConnectionTimeoutError, APIError } from 'openai';
import { zodResponseFormat } from 'openai/helpers/zod';
import type { z } from 'zod';

export interface StructuredModelOptions<T> {
  apiKey: string;
  baseURL?: string;
  model: string;
  /** Per attempt; capped at 30 s. The SDK makes at most one retry (timeouts, connection errors, 5xx). */
  timeoutMs?: number;
  /** After a timeout the model is not asked again for this long (default 30 s): each slow call holds a worker for up to twice the timeout. */
  timeoutCoolOffMs?: number;
  /** Milliseconds since the epoch (tests move it). */
  now?: () => number;
  schema: z.ZodType<T>;
  /** The JSON schema's name in the request (`response_format.json_schema.name`). */
  schemaName: string;
}

export type StructuredOutcome<T> =
  | { ok: true; value: T; usage?: { inputTokens: number; outputTokens: number } }
  /** `restMs`: the model rests that long from now (a 429's Retry-After, a timeout's cool-off); `status`: the HTTP status. */
  | { ok: false; reason: string; status?: number; restMs?: number };

export interface StructuredModel<T> {
  readonly model: string;
  /** Why the model is resting now (it said wait, or it timed out), or null when it may be asked. */
  resting(): string | null;
  call(messages: { role: 'system' | 'user'; content: string }[]): Promise<StructuredOutcome<T>>;
}

const MAX_TIMEOUT_MS = 30_000;
const DEFAULT_TIMEOUT_MS = 20_000;
const DEFAULT_RATE_LIMIT_WAIT_MS = 20_000;
/** A Retry-After further off than this (a far date, a daily limit) is probed again after it: the fallback answers meanwhile. */
const MAX_RATE_LIMIT_WAIT_MS = 60 * 60_000;
const DEFAULT_TIMEOUT_COOL_OFF_MS = 30_000;

function retryAfterMs(headers: Headers | undefined): number {
  const ms = Number(headers?.get('retry-after-ms'));
  if (ms > 0) return Math.min(ms, MAX_RATE_LIMIT_WAIT_MS);
  const value = headers?.get('retry-after');
  if (!value) return DEFAULT_RATE_LIMIT_WAIT_MS;
  const at = Number.isFinite(Number(value)) ? Date.now() + Number(value) * 1000 : Date.parse(value);
  return Number.isNaN(at)
    ? DEFAULT_RATE_LIMIT_WAIT_MS
    : Math.min(MAX_RATE_LIMIT_WAIT_MS, Math.max(1000, at - Date.now()));
}

function failureReason(e: unknown): string {
  if (e instanceof APIConnectionTimeoutError) return 'timeout';
  if (e instanceof APIError && e.status === undefined) return 'network error';
  if (e instanceof APIError && e.code === 'insufficient_quota') return 'quota exhausted';
  if (e instanceof APIError) return `http ${e.status}`;
  return 'unexpected error';
}

/** A 429 that waiting can cure: a rate limit, not an exhausted quota (that one never clears on its own). */
const isRateLimit = (e: unknown): e is APIError =>
  e instanceof APIError && e.status === 429 && e.code !== 'insufficient_quota';

/** The SDK sleeps on a 429 and retries it, holding a worker; the caller's fallback answers instead, so it is told not to. */
async function fetchWithoutRateLimitRetry(url: string | URL | Request, init?: RequestInit): Promise<Response> {
  const res = await fetch(url, init);
  if (res.status !== 429) return res;
  const headers = new Headers(res.headers);
  headers.set('x-should-retry', 'false');
  return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
}

export function structuredModel<T>(o: StructuredModelOptions<T>): StructuredModel<T> {
  const timeout = Math.min(o.timeoutMs ?? DEFAULT_TIMEOUT_MS, MAX_TIMEOUT_MS);
  const client = new OpenAI({
    apiKey: o.apiKey,
    baseURL: o.baseURL,
    timeout,
    maxRetries: 1,
    fetch: fetchWithoutRateLimitRetry,
  });
  const responseFormat = zodResponseFormat(o.schema, o.schemaName);
  const now = o.now ?? Date.now;
  let rest = { until: 0, reason: '' };

  const fail = (reason: string, e?: unknown, restMs?: number): StructuredOutcome<T> => {
    if (restMs) rest = { until: Math.max(rest.until, now() + restMs), reason };
    return { ok: false, reason, status: e instanceof APIError ? e.status : undefined, restMs };
  };

  return {
    model: o.model,
    resting: () => (now() < rest.until ? rest.reason : null),
    async call(messages) {
      let completion: OpenAI.Chat.Completions.ChatCompletion;
      try {
        completion = await client.chat.completions.create({
          model: o.model,
          messages,
          response_format: responseFormat,
        });
      } catch (e) {
        if (isRateLimit(e)) return fail('rate_limited', e, retryAfterMs(e.headers));
        const reason = failureReason(e);
        return fail(reason, e, reason === 'timeout' ? (o.timeoutCoolOffMs ?? DEFAULT_TIMEOUT_COOL_OFF_MS) : undefined);
      }
      const message = completion.choices[0]?.message;
      if (!message) return fail('empty choices');
      if (message.refusal) return fail('refusal');
      let json: unknown;
      try {
        json = JSON.parse(message.content ?? '');
      } catch {
        return fail('malformed output');
      }
      const parsed = o.schema.safeParse(json);
      if (!parsed.success) return fail('schema violation');
      const usage = completion.usage
        ? { inputTokens: completion.usage.prompt_tokens, outputTokens: completion.usage.completion_tokens }
        : undefined;
      return { ok: true, value: parsed.data, ...(usage ? { usage } : {}) };
    },
  };
}

/**
 * The latest items that fit in `maxLines` rendered lines and about `maxChars` characters, oldest first; `hidden`: how
 * many earlier ones were left out. What a model is sent of a chat (the scorer's and the summarizer's transcripts).
 */
export function recentWindow<T>(
  items: T[],
  render: (item: T, index: number) => string,
  maxLines: number,
  maxChars: number,
): { lines: string[]; hidden: number } {
  const lines: string[] = [];
  let chars = 0;
  for (let i = items.length - 1; i >= 0 && lines.length < maxLines; i--) {
    const line = render(items[i], i);
    if (chars + line.length > maxChars) break;
    lines.unshift(line);
    chars += line.length + 1;
  }
  return { lines, hidden: items.length - lines.length };
}
