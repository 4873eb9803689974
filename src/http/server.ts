// The express server: health, readiness, metrics, and the routes adapters contribute. No global body parser.
import express, { type ErrorRequestHandler, type Router } from 'express';
import type { Server } from 'node:http';
import type { Logger } from 'pino';
import type { Metrics } from './metrics';
import { policyPages } from './policy-pages';

export interface HttpOptions {
  routers: Router[];
  ready: () => Promise<{ ok: boolean; checks: Record<string, boolean> }>;
  metrics: Metrics;
  refreshGauges?: () => Promise<void>;
  log: Logger;
}

export function createHttpApp(o: HttpOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');
  // ETags of JSON answers are hashed per response; nothing here is cached by clients.
  app.disable('etag');
  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  app.get('/readyz', async (_req, res) => {
    const r = await o.ready().catch(() => ({ ok: false, checks: {} }));
    res.status(r.ok ? 200 : 503).json(r);
  });
  app.get('/metrics', async (_req, res) => {
    await o.refreshGauges?.().catch(() => undefined);
    res.type(o.metrics.registry.contentType).send(await o.metrics.registry.metrics());
  });
  app.use(policyPages());
  for (const r of o.routers) app.use(r);
  app.use((_req, res) => {
    res.status(404).json({ ok: 0, error: 'not found' });
  });
  const onError: ErrorRequestHandler = (err, req, res, _next) => {
    const status = typeof err?.status === 'number' && err.status >= 400 && err.status < 500 ? err.status : 500;
    if (status >= 500) o.log.error({ path: req.path, err: err?.message }, 'request failed');
    if (!res.headersSent)
      res.status(status).json({
        ok: 0,
        error: status >= 500 ? 'internal error' : String(err?.message ?? 'bad request').split('\n')[0],
      });
  };
  app.use(onError);
  return app;
}

export function listen(app: express.Express, port: number, host = '0.0.0.0'): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, () => resolve(server));
    server.once('error', reject);
    server.keepAliveTimeout = 65_000;
  });
}
