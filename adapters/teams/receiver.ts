// POST /api/messages (JSON parsed on this route only, as the adapter needs), GET /exports/<token> and /charts/<token>.png.
import type { CloudAdapter, TurnContext } from 'botbuilder';
import express, { type Router } from 'express';
import type { Logger } from 'pino';
import type { SurfaceStateStore } from '../../src/core/ports';

export const TEAMS_MESSAGES_PATH = '/api/messages';

const text = (v: unknown): boolean => typeof v === 'string' && v.trim() !== '';

/** Fields every activity from the Bot Framework Service carries. */
function missingFields(body: unknown): string[] {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return ['the activity object'];
  const a = body as { type?: unknown; serviceUrl?: unknown; conversation?: { id?: unknown }; from?: { id?: unknown } };
  const checks: [string, boolean][] = [
    ['type', text(a.type)],
    ['serviceUrl', text(a.serviceUrl)],
    ['conversation.id', text(a.conversation?.id)],
    ['from.id', text(a.from?.id)],
  ];
  return checks.filter(([, ok]) => !ok).map(([name]) => name);
}

export function createTeamsRouter(o: {
  adapter: CloudAdapter;
  handle: (ctx: TurnContext) => Promise<void>;
  state: SurfaceStateStore;
  log: Logger;
}): Router {
  const router = express.Router();
  router.post(TEAMS_MESSAGES_PATH, express.json({ limit: '1mb' }), async (req, res) => {
    const missing = missingFields(req.body);
    if (missing.length) {
      // The Bot Framework Service always sends these; without them there is nobody to answer and nowhere to answer.
      o.log.warn({ missing }, 'Teams activity rejected: not a Bot Framework activity');
      res.status(400).json({ error: `not a Bot Framework activity: missing ${missing.join(', ')}` });
      return;
    }
    try {
      await o.adapter.process(req, res, o.handle);
      // The adapter answers an invoke no handler answered with 501, and says nothing: say it here.
      if (res.statusCode >= 500) {
        const a = req.body as { type?: unknown; name?: unknown };
        o.log.warn(
          {
            status: res.statusCode,
            type: String(a.type).slice(0, 40),
            name: typeof a.name === 'string' ? a.name.slice(0, 60) : undefined,
          },
          'Teams activity not handled (the bot does not implement this activity or invoke)',
        );
      }
    } catch (e) {
      o.log.warn({ err: (e as Error).message }, 'Teams activity rejected');
      if (!res.headersSent) res.status(500).json({ error: 'internal error' });
    }
  });
  // A download link works once and expires (the token is 192 random bits, stored with its expiry).
  router.get('/exports/:token', async (req, res) => {
    const token = String(req.params.token ?? '');
    const raw = /^[A-Za-z0-9_-]{20,64}$/.test(token) ? await o.state.take('teams', `export:${token}`) : null;
    if (!raw) {
      res
        .status(404)
        .type('text/plain')
        .send('This download link has expired or was already used. Run the export again in Teams.');
      return;
    }
    const file = JSON.parse(raw) as { name: string; mime: string; content: string };
    res
      .status(200)
      .set({
        'content-type': `${file.mime}; charset=utf-8`,
        'content-disposition': `attachment; filename="${file.name.replace(/[^\w.-]/g, '_')}"`,
        'cache-control': 'no-store',
      })
      .send(file.content);
  });
  // A chart image: fetched by Teams (possibly several times) until it expires, so read, not taken.
  router.get('/charts/:file', async (req, res) => {
    const token = /^([A-Za-z0-9_-]{20,64})\.png$/.exec(String(req.params.file ?? ''))?.[1];
    const raw = token ? await o.state.get('teams', `chart:${token}`) : null;
    if (!raw) {
      res.status(404).type('text/plain').send('This chart has expired. Run the command again in Teams.');
      return;
    }
    res
      .status(200)
      .set({
        'content-type': 'image/png',
        'cache-control': 'private, max-age=86400',
        'x-content-type-options': 'nosniff',
      })
      .send(Buffer.from(raw, 'base64'));
  });
  return router;
}
