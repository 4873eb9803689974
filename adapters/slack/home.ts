// App Home: the user's supervised chats and the watched business units of channels they are in.
import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { Deps } from '../../src/core/deps';
import { homeOf } from '../../src/core/usecases/home';
import { toAppError } from './errors';
import { renderHome } from './render';

export async function publishHome(deps: Deps, client: WebClient, log: Logger, userId: string): Promise<void> {
  const data = await homeOf(deps, { surface: 'slack', userId, destination: '' });
  const mine = await memberChannels(client, userId).catch((e) => {
    log.warn({ err: (e as Error).message }, 'App Home: could not list the user\'s channels (scopes channels:read, groups:read); showing every watched channel');
    return null;
  });
  const watches = data.watches.filter((w) => !mine || mine.has(w.destination)).map((w) => ({ businessUnit: w.businessUnit, channelId: w.destination }));
  try {
    await client.views.publish({ user_id: userId, view: renderHome({ supervised: data.supervised, watches, unmapped: data.unmapped }) as never });
  } catch (e) {
    throw toAppError(e, { method: 'views.publish' }, log);
  }
}

async function memberChannels(client: WebClient, userId: string): Promise<Set<string>> {
  const ids = new Set<string>();
  let cursor: string | undefined;
  do {
    const page = await client.users.conversations({ user: userId, types: 'public_channel,private_channel', exclude_archived: true, limit: 1000, cursor });
    for (const c of page.channels ?? []) if (c.id) ids.add(c.id);
    cursor = page.response_metadata?.next_cursor || undefined;
  } while (cursor);
  return ids;
}
