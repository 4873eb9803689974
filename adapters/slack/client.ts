// The Slack Web API client: our base URL, explicit bounded retries, and 429s handed back to the queue.
import { LogLevel, type Logger as SlackLogger } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { SlackConfig } from './config';

/** Bolt and the Web API log through pino (their debug lines may carry payloads: kept at debug). */
export function slackLogger(log: Logger): SlackLogger {
  const fmt = (msg: unknown[]) =>
    msg.map((m) => (m instanceof Error ? m.message : typeof m === 'string' ? m : JSON.stringify(m))).join(' ');
  // Formatted only when debug is on: the SDK logs several debug lines per call (no per-post work at info level).
  const debug = (m: unknown[]) => {
    if (log.isLevelEnabled('debug')) log.debug({ lib: 'slack' }, fmt(m));
  };
  return {
    debug: (...m: unknown[]) => debug(m),
    info: (...m: unknown[]) => debug(m),
    warn: (...m: unknown[]) => log.warn({ lib: 'slack' }, fmt(m)),
    error: (...m: unknown[]) => log.error({ lib: 'slack' }, fmt(m)),
    setLevel: () => undefined,
    getLevel: () => (log.isLevelEnabled('debug') ? LogLevel.DEBUG : LogLevel.INFO),
    setName: () => undefined,
  };
}

export function webClientOptions(c: SlackConfig, log: Logger) {
  return {
    slackApiUrl: c.apiUrl,
    logger: slackLogger(log),
    // The SDK's default retries 5xx and network errors for ~30 minutes; a job must fail fast instead.
    retryConfig: { retries: c.retries, factor: 2, minTimeout: 500, maxTimeout: 3000, randomize: true },
    // A 429 becomes an error with Retry-After that the drain turns into a delayed job, never a sleep here.
    rejectRateLimitedCalls: true,
    timeout: 10_000,
  };
}

export function createWebClient(c: SlackConfig, log: Logger): WebClient {
  return new WebClient(c.token, webClientOptions(c, log));
}
