// transfer-all: every open chat of an agent (of one unit, when asked) to another agent or a unit, each checked and audited.
import { AppError } from '../errors';
import type { Deps } from '../deps';
import type { TransferTarget } from '../commands/command';
import type { Requester } from '../ports';
import type { ReplyView } from '../views';

export async function transferAll(_deps: Deps, _who: Requester, _agent: string, _fromUnit: string | undefined, _to: TransferTarget): Promise<ReplyView> {
  throw new AppError('internal', 'transfer-all is not available yet.');
}
