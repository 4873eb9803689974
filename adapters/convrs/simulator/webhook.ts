// One webhook POST with retries and exponential backoff, as a real webhook sender does it.
import type { Logger } from 'pino';
import type { EventEnvelope } from './types';

export interface WebhookConfig {
  webhookUrl?: string;
  webhookSecret?: string;
  retryBaseMs?: number;
  maxAttempts?: number;
  timeoutMs?: number;
  logger?: Logger;
}

export interface WebhookCounters {
  delivered: number;
  failedAttempts: number;
  givenUp: number;
}

/** Waits ms, or less if the signal aborts; never rejects. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => (clearTimeout(timer), signal.removeEventListener('abort', done), resolve());
    const timer = setTimeout(done, ms);
    timer.unref();
    signal.addEventListener('abort', done, { once: true });
  });
}

/** Posts until 2xx or maxAttempts; the URL and secret are read per attempt so setWebhook applies at once. */
export async function postWithRetry(
  env: EventEnvelope,
  cfg: WebhookConfig,
  counters: WebhookCounters,
  signal: AbortSignal,
): Promise<void> {
  const max = cfg.maxAttempts ?? 10;
  for (let attempt = 1; attempt <= max; attempt++) {
    if (signal.aborted || !cfg.webhookUrl) return;
    const url = new URL(cfg.webhookUrl);
    if (cfg.webhookSecret) url.searchParams.set('secret', cfg.webhookSecret);
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(env),
        signal: AbortSignal.any([signal, AbortSignal.timeout(cfg.timeoutMs ?? 5000)]),
      });
      await res.arrayBuffer().catch(() => undefined);
      if (res.ok) {
        counters.delivered++;
        return;
      }
      cfg.logger?.debug({ status: res.status, cmd: env.cmd, attempt }, 'simulator webhook rejected');
    } catch (err) {
      if (signal.aborted) return;
      cfg.logger?.debug({ err, cmd: env.cmd, attempt }, 'simulator webhook failed');
    }
    counters.failedAttempts++;
    if (attempt < max) await pause((cfg.retryBaseMs ?? 100) * 2 ** (attempt - 1), signal);
  }
  if (signal.aborted) return;
  counters.givenUp++;
  cfg.logger?.warn({ cmd: env.cmd, eventId: env.data.eventId }, 'simulator webhook gave up');
}
