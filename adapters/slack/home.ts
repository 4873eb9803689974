// App Home: what needs the user now, their supervised chats and the units watched in channels they are in, published.
import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { Deps } from '../../src/core/deps';
import { homeOf } from '../../src/core/usecases/home';
import { redactHome } from '../../src/core/redact-views';
import type { HomeView } from '../../src/core/views';
import { toAppError } from './errors';
import { renderHome } from './render';
import { homeModelOf } from './render/home';

/** Builds the user's home now and publishes it (App Home actions other than Refresh re-publish through this). */
export async function publishHome(deps: Deps, client: WebClient, log: Logger, userId: string): Promise<void> {
  const home = await homeOf(deps, { surface: 'slack', userId, destination: '' });
  // Published straight from here, not through the (redacting) surface: masked the same way.
  await publishHomeView(client, log, userId, deps.redact ? redactHome(deps.redact, home) : home);
}

/** Publishes a home the core built (the `home` command's answer when it was asked from App Home). */
export async function publishHomeView(client: WebClient, log: Logger, userId: string, home: HomeView): Promise<void> {
  const view = renderHome(homeModelOf(await forMember(client, log, userId, home)));
  try {
    await client.views.publish({ user_id: userId, view: view as never });
  } catch (e) {
    throw toAppError(e, { method: 'views.publish' }, log);
  }
}

/** The home with only the watches of channels the user is in (every one when Slack will not list their channels). */
export async function forMember(client: WebClient, log: Logger, userId: string, home: HomeView): Promise<HomeView> {
  const mine = await memberChannels(client, userId).catch((e) => {
    log.warn(
      { err: (e as Error).message },
      "App Home: could not list the user's channels (scopes channels:read, groups:read); showing every watched channel",
    );
    return null;
  });
  return mine ? { ...home, watches: home.watches.filter((w) => mine.has(w.destination)) } : home;
}

async function memberChannels(client: WebClient, userId: string): Promise<Set<string>> {
  const ids = new Set<string>();
  let cursor: string | undefined;
  do {
    const page = await client.users.conversations({
      user: userId,
      types: 'public_channel,private_channel',
      exclude_archived: true,
      limit: 1000,
      cursor,
    });
    for (const c of page.channels ?? []) if (c.id) ids.add(c.id);
    cursor = page.response_metadata?.next_cursor || undefined;
  } while (cursor);
  return ids;
}
