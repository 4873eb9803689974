// ChatPlatform over Convrs's HTTP API: one flat JSON POST per command, with timeout and retries.
import type { Logger } from 'pino';
import { z } from 'zod';
import { AppError } from '../../src/core/errors';
import type { ChatPlatform, ConversationQuery } from '../../src/core/ports';
import { formatConvrsDate } from './dates';
import type { ConvrsProfile } from './profile';
import {
  agentFrom,
  agentSchema,
  chatFrom,
  conversationSchema,
  convrsId,
  describeZodError,
  messageFrom,
  messageSchema,
} from './translate';

export interface ConvrsClientOptions {
  apiUrl: string;
  token: string;
  profile: ConvrsProfile;
  timeoutMs?: number;
  retries?: number;
  backoffMs?: number;
  logger?: Logger;
}

const MAX_WAIT_MS = 10_000;
const UNAVAILABLE = 'Convrs is not answering right now. Please try again in a minute.';

/** A failure worth another attempt: network, timeout, 5xx, 429. */
class Transient extends Error {
  /** False when Convrs surely did not act on the request (refused connection, 429), so even a command that changes something may be sent again. */
  constructor(
    message: string,
    readonly retryAfterMs?: number,
    readonly maybeProcessed = true,
  ) {
    super(message);
  }
}

const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
const causeCode = (e: unknown): string | undefined => (e as { cause?: { code?: string } })?.cause?.code;

const conversationWithMessages = conversationSchema.extend({ messages: z.array(z.looseObject({})).nullish() });
const page = z.object({ items: z.array(conversationSchema), total: z.number().int().nonnegative() });

export function createConvrsClient(opts: ConvrsClientOptions): ChatPlatform {
  const { apiUrl, token, profile, logger } = opts;
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const retries = opts.retries ?? 3;
  const backoffMs = opts.backoffMs ?? 200;
  const c = profile.commands;

  async function attempt(cmd: string, params: Record<string, unknown>): Promise<unknown> {
    let res: Response;
    try {
      res = await fetch(apiUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ token, cmd, ...params }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (e) {
      const name = (e as Error)?.name;
      const code = causeCode(e);
      throw new Transient(
        name === 'TimeoutError'
          ? `timed out after ${timeoutMs} ms`
          : `network error: ${code ?? (e as Error)?.message ?? e}`,
        undefined,
        !NOT_SENT.has(code ?? ''),
      );
    }
    let raw: string;
    try {
      raw = await res.text();
    } catch (e) {
      throw new Transient(`answer cut off: ${(e as Error)?.message ?? e}`);
    }
    let body: { ok?: unknown; error?: unknown; data?: unknown } | undefined;
    try {
      body = JSON.parse(raw);
    } catch {
      /* not JSON: judged by status below */
    }
    // Convrs's answer wins over the HTTP status (it may be 200 with ok: 0), except for rate limiting.
    if (body && typeof body === 'object' && body.ok === 0 && res.status !== 429) {
      const text = typeof body.error === 'string' && body.error ? body.error : 'no reason given';
      throw new AppError('platform_refused', `Convrs says: ${text}`, {
        detail: `${cmd}: Convrs says: ${text} (HTTP ${res.status})`,
      });
    }
    if (res.status === 429) throw new Transient('HTTP 429', retryAfter(res.headers.get('retry-after')), false);
    if (res.status >= 500) throw new Transient(`HTTP ${res.status}`);
    if (res.status < 200 || res.status >= 300) {
      throw new AppError('platform_refused', `Convrs refused the request (HTTP ${res.status}).`, {
        detail: `${cmd}: HTTP ${res.status}`,
      });
    }
    if (!body || body.ok !== 1) {
      throw new AppError('platform_refused', 'Convrs sent an answer we could not read.', {
        detail: `${cmd}: HTTP ${res.status} without ok: 1`,
      });
    }
    return body.data;
  }

  /** `changes`: the command changes something in Convrs (whisper, transfer, finish): never sent twice when it may have been acted on. */
  async function call(cmd: string, params: Record<string, unknown> = {}, changes = false): Promise<unknown> {
    for (let n = 0; ; n++) {
      try {
        logger?.debug({ cmd, attempt: n + 1, conversationId: params.conversationId }, 'convrs command');
        return await attempt(cmd, params);
      } catch (e) {
        if (!(e instanceof Transient)) throw e;
        if (n >= retries || (changes && e.maybeProcessed)) {
          logger?.warn({ cmd, attempts: n + 1, reason: e.message }, 'convrs unavailable, giving up');
          throw new AppError('platform_unavailable', UNAVAILABLE, {
            retryable: true,
            detail: `${cmd}: ${e.message} (${n + 1} attempts)`,
            cause: e,
          });
        }
        // Full jitter spreads retries of many workers; Retry-After, when given, is a floor.
        const wait = Math.max(Math.random() * Math.min(MAX_WAIT_MS, backoffMs * 2 ** n), e.retryAfterMs ?? 0);
        logger?.warn(
          { cmd, attempt: n + 1, reason: e.message, waitMs: Math.round(wait) },
          'convrs command failed, retrying',
        );
        await new Promise((r) => setTimeout(r, wait));
      }
    }
  }

  function read<T extends z.ZodType>(schema: T, data: unknown, cmd: string): z.output<T> {
    const r = schema.safeParse(data);
    if (r.success) return r.data;
    const reason = `${cmd}: ${describeZodError(r.error, data)}`;
    throw new AppError('platform_refused', 'Convrs sent an answer we could not read.', { detail: reason });
  }

  return {
    async getOpenConversations() {
      const cmd = c.getOpenConversations;
      return read(z.array(conversationSchema), await call(cmd), cmd).map(chatFrom);
    },
    async getConversation(conversationId) {
      const cmd = c.getConversation;
      const conv = read(conversationWithMessages, await call(cmd, { conversationId }), cmd);
      const messages = read(
        z.array(messageSchema),
        (conv.messages ?? []).map((m) => ({ conversationId: conv.conversationId, ...m })),
        cmd,
      );
      return { chat: chatFrom(conv), messages: messages.map(messageFrom) };
    },
    async getConversations(q: ConversationQuery) {
      const cmd = c.getConversations;
      const params = {
        from: formatConvrsDate(q.from),
        to: formatConvrsDate(q.to),
        status: q.status,
        agent: q.agentEmail,
        businessUnit: q.businessUnit,
        page: q.page,
        pageSize: q.pageSize,
      };
      const r = read(page, await call(cmd, params), cmd);
      return { items: r.items.map(chatFrom), total: r.total };
    },
    async getAgents() {
      return read(z.array(agentSchema), await call(c.getAgents), c.getAgents).map(agentFrom);
    },
    async getBusinessUnits() {
      return read(
        z.array(z.object({ name: z.string().min(1) })),
        await call(c.getBusinessUnits),
        c.getBusinessUnits,
      ).map((b) => b.name);
    },
    async sendWhisper(conversationId, text, by) {
      return read(
        z.object({ mid: convrsId }),
        await call(c.sendWhisper, { conversationId, text, by }, true),
        c.sendWhisper,
      );
    },
    async transfer(conversationId, to, by) {
      if (!to.agentEmail && !to.businessUnit)
        throw new AppError('bad_input', 'Say who to transfer the chat to: an agent or a business unit.');
      const params = { conversationId, toAgent: to.agentEmail, toBusinessUnit: to.businessUnit, by };
      return chatFrom(
        read(conversationSchema, await call(c.transferConversation, params, true), c.transferConversation),
      );
    },
    async finish(conversationId, by) {
      return chatFrom(
        read(conversationSchema, await call(c.finishConversation, { conversationId, by }, true), c.finishConversation),
      );
    },
  };
}

/** Retry-After in seconds or as an HTTP date, capped so one call never stalls a worker for long. */
function retryAfter(header: string | null): number | undefined {
  if (!header) return undefined;
  const secs = Number(header);
  const ms = Number.isFinite(secs) ? secs * 1000 : Date.parse(header) - Date.now();
  return Number.isFinite(ms) ? Math.min(Math.max(ms, 0), MAX_WAIT_MS) : undefined;
}
