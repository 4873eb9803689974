// summary <chat>: two to five points, each ending with the time of the line it rests on; every citation checked.
import { AppError } from '../errors';
import type { Deps } from '../deps';
import type { Requester } from '../ports';
import type { ReplyView } from '../views';

export async function summaryCommand(_deps: Deps, _who: Requester, _ref: string): Promise<ReplyView> {
  throw new AppError('internal', 'summary is not available yet.');
}
