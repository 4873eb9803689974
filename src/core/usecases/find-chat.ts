// Looks up the chat a command names: our ref (C-1042) or a Convrs conversation id.
import type { Deps } from '../deps';
import { AppError, isAppError } from '../errors';
import type { Chat } from '../model';
import { chatFor } from './ingest-event';

export async function findChat(deps: Deps, ref: string): Promise<Chat> {
  const known = await deps.store.chats.find(ref);
  if (known) return known;
  if (!/^c?-?\d+$/i.test(ref)) {
    try {
      return await chatFor(deps, ref);
    } catch (e) {
      if (isAppError(e) && e.code === 'platform_unavailable') throw e;
    }
  }
  throw new AppError(
    'not_found',
    `I can't find chat \`${ref}\`. Use a chat ref such as C-1042 (try \`open\` to list open chats).`,
  );
}
