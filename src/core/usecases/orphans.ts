// Orphaned chats: an agent who goes Offline or Disabled (or stays Away past ORPHAN_AFTER_MINUTES) holding open chats
// raises an alert per unit, where that unit's alerts go, with "Transfer all to …"; claimable like the other alerts.
import { AppError } from '../errors';
import type { Deps } from '../deps';
import type { Requester } from '../ports';
import type { ReplyView } from '../views';

/** `claim agent:<email|name> [bu:<unit>]`. */
export async function claimOrphanAlert(_deps: Deps, _who: Requester, _agent: string, _businessUnit: string | undefined): Promise<ReplyView> {
  throw new AppError('internal', 'orphaned-chats alerts are not available yet.');
}
