// Webhook intake: POST /convrs/webhook → secret check → JSON → PlatformEvent(s) → sink.
import { createHash, timingSafeEqual } from 'node:crypto';
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import type { Logger } from 'pino';
import { isAppError } from '../../src/core/errors';
import type { PlatformEvent } from '../../src/core/events';
import type { PlatformEventSink } from '../../src/core/ports';
import { parseEvent } from './events';
import { MAX_DEPTH, nestedDeeperThan } from './json-depth';
import type { ConvrsProfile } from './profile';

export interface ConvrsWebhookOptions {
  secret: string;
  profile: ConvrsProfile;
  sink: PlatformEventSink;
  logger: Logger;
  maxBodyBytes?: number;
  /** Called with a short reason for every delivery refused (for metrics). */
  onRejected?: (
    reason: 'secret' | 'invalid' | 'malformed' | 'too_large' | 'encoding' | 'unavailable' | 'internal',
  ) => void;
}

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

export function createConvrsWebhookRouter(opts: ConvrsWebhookOptions): express.Router {
  const { profile, sink, logger } = opts;
  if (!opts.secret) throw new Error('createConvrsWebhookRouter: a non-empty secret is required');
  // Comparing fixed-length digests keeps the comparison constant-time whatever length was sent.
  const expected = digest(opts.secret);

  const checkSecret: RequestHandler = (req, res, next) => {
    const q = req.query.secret;
    const given = typeof q === 'string' ? q : req.get('x-convrs-secret');
    if (given && timingSafeEqual(digest(given), expected)) return next();
    logger.warn({ ip: req.ip }, 'convrs webhook: missing or wrong secret');
    opts.onRejected?.('secret');
    res.status(401).json({ ok: 0, error: 'missing or wrong webhook secret' });
  };

  const accept: RequestHandler = async (req, res) => {
    const body: unknown = req.body;
    if (nestedDeeperThan(body, MAX_DEPTH)) {
      const error = `body nested deeper than ${MAX_DEPTH} levels`;
      logger.warn({ error }, 'convrs webhook: invalid event');
      opts.onRejected?.('invalid');
      res.status(422).json({ ok: 0, error });
      return;
    }
    const envelopes = Array.isArray(body) ? body : [body];
    // Validate the whole batch before anything reaches the sink: all or nothing.
    const events: { event: PlatformEvent; raw: unknown }[] = [];
    for (const [i, raw] of envelopes.entries()) {
      try {
        events.push({ event: parseEvent(raw, profile), raw });
      } catch (e) {
        if (!isAppError(e)) throw e;
        const error = Array.isArray(body) ? `[${i}] ${e.message}` : e.message;
        logger.warn({ error }, 'convrs webhook: invalid event');
        opts.onRejected?.('invalid');
        res.status(422).json({ ok: 0, error });
        return;
      }
    }
    const kept = events.filter(({ event }) => {
      if (event.type === 'ignored') logger.debug({ cmd: event.name }, 'convrs webhook: event ignored');
      return event.type !== 'ignored';
    });
    // All at once, in order: the sink stores a delivery's events together (one insert), not one after the other.
    const outcomes = await Promise.allSettled(kept.map(async ({ event, raw }) => sink(event, raw)));
    const failed = outcomes.findIndex((o) => o.status === 'rejected');
    if (failed >= 0) {
      // 503 makes Convrs redeliver; events already accepted are de-duplicated by key.
      const { event } = kept[failed]!;
      const e = (outcomes[failed] as PromiseRejectedResult).reason;
      logger.error(
        {
          type: event.type,
          key: event.key,
          failed: outcomes.filter((o) => o.status === 'rejected').length,
          error: (e as Error)?.message ?? String(e),
        },
        'convrs webhook: sink failed',
      );
      opts.onRejected?.('unavailable');
      res.status(503).json({ ok: 0, error: 'temporarily unable to accept events, retry' });
      return;
    }
    res.status(200).json({ ok: 1 });
  };

  const onError: ErrorRequestHandler = (err, _req, res, _next) => {
    const type = (err as { type?: string })?.type;
    const given = (err as { status?: unknown })?.status;
    const [status, error] =
      type === 'entity.parse.failed'
        ? [400, 'malformed JSON body']
        : type === 'entity.too.large'
          ? [413, `body larger than ${opts.maxBodyBytes ?? 512 * 1024} bytes`]
          : type === 'encoding.unsupported' || type === 'charset.unsupported'
            ? [415, 'unsupported body encoding']
            : type === 'request.aborted'
              ? [400, 'request aborted']
              : // Other client errors of the body parser (e.g. a body that does not decompress as its Content-Encoding says).
                typeof given === 'number' && given >= 400 && given < 500
                ? [given, 'unreadable request body']
                : [500, 'internal error'];
    opts.onRejected?.(
      status === 400 ? 'malformed' : status === 413 ? 'too_large' : status === 415 ? 'encoding' : 'internal',
    );
    if (status === 500) logger.error({ error: (err as Error)?.message }, 'convrs webhook: unexpected error');
    else logger.warn({ error }, 'convrs webhook: bad request');
    if (!res.headersSent) res.status(status).json({ ok: 0, error });
  };

  const router = express.Router();
  router.post(
    '/convrs/webhook',
    checkSecret,
    express.json({ limit: opts.maxBodyBytes ?? 512 * 1024, type: () => true }),
    accept,
  );
  router.use(onError);
  return router;
}
