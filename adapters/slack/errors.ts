// Slack Web API errors → AppError: retry later, rate-limited, re-authorise, or permanent (with what the admin must do).
import { WebAPIHTTPError, WebAPIPlatformError, WebAPIRateLimitedError, WebAPIRequestError } from '@slack/web-api';
import type { Logger } from 'pino';
import { AppError, isAppError } from '../../src/core/errors';

export interface CallSite {
  method: string;
  channel?: string;
}

const TRANSIENT = new Set([
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
  'team_added_to_org',
  'ekm_access_denied',
]);
const AUTH = new Set([
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'no_permission',
  'org_login_required',
]);

/** What the workspace admin must do about a permanent Slack error (logged once per failure). */
function adminAction(code: string, at: CallSite, needed?: string): string {
  const where = at.channel ? ` <#${at.channel}>` : ' the channel';
  switch (code) {
    case 'not_in_channel':
      return `invite the bot to${where} (/invite @Convrs) or unwatch there`;
    case 'channel_not_found':
      return `the bot cannot see${where}: invite it (private channels need /invite) or unwatch; if the channel was deleted, nothing to do`;
    case 'is_archived':
      return `${where.trim()} is archived: unarchive it or unwatch there`;
    case 'missing_scope':
      return `reinstall the Slack app with scope ${needed ?? '(see the manifest)'} (manifests/slack/manifest.yaml lists them)`;
    default:
      return AUTH.has(code)
        ? 'SLACK_BOT_TOKEN is not accepted: reinstall the Slack app and set the new bot token in SLACK_BOT_TOKEN'
        : `Slack refused ${at.method} (${code})`;
  }
}

/** What the person who asked is told when Slack refuses for good: for a channel, what they can do about it. */
function userSentence(code: string): string {
  switch (code) {
    case 'not_in_channel':
      return "I'm not in that Slack channel: invite me there (/invite @Convrs) or unwatch there.";
    case 'channel_not_found':
      return "I can't see that Slack channel (it is private or was deleted): invite me there (/invite @Convrs) or unwatch there.";
    case 'is_archived':
      return 'That Slack channel is archived: unarchive it or unwatch there.';
    default:
      return `Slack refused that (${code}).`;
  }
}

export function toAppError(e: unknown, at: CallSite, log?: Logger): AppError {
  if (isAppError(e)) return e;
  if (e instanceof WebAPIRateLimitedError) {
    return new AppError('rate_limited', 'Slack asked us to slow down; this will go out shortly.', {
      retryAfterMs: Math.max(1, e.retryAfter) * 1000,
      cause: e,
    });
  }
  if (e instanceof WebAPIPlatformError) {
    const code = e.data.error;
    if (code === 'ratelimited')
      return new AppError('rate_limited', 'Slack asked us to slow down; this will go out shortly.', {
        retryAfterMs: 1000,
        cause: e,
      });
    if (TRANSIENT.has(code))
      return new AppError('platform_unavailable', 'Slack is having trouble right now; please try again shortly.', {
        retryable: true,
        cause: e,
        detail: `Slack ${at.method}: ${code}`,
      });
    const needed = (e.data as { needed?: string }).needed;
    const todo = adminAction(code, at, needed);
    const detail = `Slack ${at.method} failed with ${code}${at.channel ? ` in ${at.channel}` : ''}: ${todo}`;
    const auth = AUTH.has(code) || code === 'missing_scope';
    log?.[auth ? 'error' : 'warn'](
      { slackError: code, method: at.method, channel: at.channel, action: todo },
      `Slack admin action needed: ${todo}`,
    );
    return new AppError(
      auth ? 'reauthorize' : 'platform_refused',
      auth ? 'The Slack app needs attention from a workspace admin.' : userSentence(code),
      { retryable: false, cause: e, detail },
    );
  }
  if (e instanceof WebAPIHTTPError) {
    const retryable = e.statusCode >= 500 || e.statusCode === 408;
    return new AppError(
      retryable ? 'platform_unavailable' : 'platform_refused',
      'Slack is having trouble right now; please try again shortly.',
      { retryable, cause: e, detail: `Slack ${at.method}: HTTP ${e.statusCode}` },
    );
  }
  if (e instanceof WebAPIRequestError) {
    return new AppError('platform_unavailable', 'Slack could not be reached; please try again shortly.', {
      retryable: true,
      cause: e,
      detail: `Slack ${at.method}: ${e.original.message}`,
    });
  }
  return new AppError('internal', 'Something went wrong on our side. Please try again in a minute.', {
    retryable: true,
    cause: e,
    detail: `Slack ${at.method}: ${(e as Error)?.message ?? String(e)}`,
  });
}

/** The Slack error code of a failed call, if Slack answered with one. */
export const slackCodeOf = (e: unknown): string | undefined =>
  e instanceof WebAPIPlatformError
    ? e.data.error
    : isAppError(e) && e.cause instanceof WebAPIPlatformError
      ? e.cause.data.error
      : undefined;
