// Bot Framework connector errors → AppError: 429/412/502/504 back to the queue, permanent ones stop the thread.
import type { Logger } from 'pino';
import { AppError, isAppError } from '../../src/core/errors';

interface HttpishError {
  statusCode?: number;
  code?: string;
  message?: string;
  response?: { headers?: { get?(name: string): string | undefined } };
}

/** Seconds or an HTTP date in Retry-After, as milliseconds (default 1 s). */
function retryAfterMs(e: HttpishError): number {
  const raw = e.response?.headers?.get?.('retry-after');
  if (!raw) return 1000;
  const secs = Number(raw);
  if (Number.isFinite(secs)) return Math.max(1, secs) * 1000;
  const at = Date.parse(raw);
  return Number.isFinite(at) ? Math.max(1000, at - Date.now()) : 1000;
}

export function toAppError(e: unknown, at: { op: string; conversation?: string }, log?: Logger): AppError {
  if (isAppError(e)) return e;
  const err = (e ?? {}) as HttpishError;
  const status = err.statusCode;
  if (status === 429)
    return new AppError('rate_limited', 'Teams asked us to slow down; this will go out shortly.', {
      retryAfterMs: retryAfterMs(err),
      cause: e,
    });
  if (status === 412 || status === 502 || status === 504 || (status !== undefined && status >= 500) || status === 408)
    return new AppError('platform_unavailable', 'Teams is having trouble right now; please try again shortly.', {
      retryable: true,
      cause: e,
      detail: `Teams ${at.op}: HTTP ${status}`,
    });
  if (status === 401) {
    log?.error(
      { op: at.op },
      'Teams admin action needed: the Bot Framework rejected our credentials; check MicrosoftAppId, MicrosoftAppPassword and MicrosoftAppTenantId',
    );
    return new AppError('reauthorize', 'The Teams app needs attention from an admin.', {
      retryable: false,
      cause: e,
      detail: `Teams ${at.op}: HTTP 401`,
    });
  }
  if (status === 403 || status === 404) {
    const todo =
      status === 403
        ? 'the bot was removed from this team or chat, or lacks permission: add the app again'
        : 'the conversation no longer exists';
    log?.warn({ op: at.op, conversation: at.conversation, status }, `Teams admin action needed: ${todo}`);
    const told =
      status === 403
        ? 'Teams refused that: I may have been removed from this team or chat. Add the Convrs Supervisor app there again, or unwatch there.'
        : 'Teams no longer has that conversation or message (it may have been deleted): unwatch there if the channel is gone.';
    return new AppError('platform_refused', told, {
      retryable: false,
      cause: e,
      detail: `Teams ${at.op}: HTTP ${status}: ${todo}`,
    });
  }
  if (status !== undefined && status >= 400)
    return new AppError('platform_refused', 'Teams refused that.', {
      retryable: false,
      cause: e,
      detail: `Teams ${at.op}: HTTP ${status}`,
    });
  // No status: the connection failed.
  return new AppError('platform_unavailable', 'Teams could not be reached; please try again shortly.', {
    retryable: true,
    cause: e,
    detail: `Teams ${at.op}: ${err.message ?? String(e)}`,
  });
}
