// The Slack adapter as the app sees it: a surface for the workers, a receiver (router or Socket Mode) for the web role.
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Deps } from '../../src/core/deps';
import type { Intake } from '../../src/core/intake';
import { createWebClient } from './client';
import type { SlackConfig } from './config';
import { SeenGuard } from './dedupe';
import { publishHome } from './home';
import { createSlackReceiver, type SlackReceiver } from './receiver';
import { SlackSurface } from './surface';

export { slackConfig, type SlackConfig } from './config';

export interface SlackAdapter {
  surface: SlackSurface;
  /** The receiver for POST /slack/events, or the Socket Mode connection with SLACK_APP_TOKEN (web role). */
  receiver(deps: Deps, intake: Intake): SlackReceiver;
}

export function createSlack(config: SlackConfig, o: { log: Logger; redis?: Redis; prefix: string }): SlackAdapter {
  const client = createWebClient(config, o.log);
  let deps: Deps | undefined;
  const surface = new SlackSurface({
    client,
    log: o.log,
    refreshHome: async (userId) => {
      if (deps) await publishHome(deps, client, o.log, userId);
    },
  });
  return {
    surface,
    receiver: (d, intake) => {
      deps = d;
      // Slack retries for up to ~6 minutes: remember deliveries for an hour.
      const seen = new SeenGuard({ redis: o.redis, prefix: o.prefix, ttlSeconds: 3600, log: o.log });
      return createSlackReceiver({ config, deps: d, surface, client, intake, seen, log: o.log });
    },
  };
}
