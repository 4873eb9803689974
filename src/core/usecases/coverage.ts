// Coverage: the open chats of the requester's units that no thread mirrors (no supervisor, no wall), riskiest first.
import { AppError } from '../errors';
import type { Deps } from '../deps';
import type { Requester } from '../ports';
import type { ReplyView } from '../views';

export async function coverageCommand(_deps: Deps, _who: Requester, _businessUnit: string | undefined, _page: number, _command: string): Promise<ReplyView> {
  throw new AppError('internal', 'coverage is not available yet.');
}
