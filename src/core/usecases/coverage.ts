// Coverage: the open chats of the requester's units that no thread mirrors (no supervisor, no wall), riskiest first.
import { requireSupervisor, scopeOf } from '../access';
import { rankUncovered } from '../coverage-risk';
import { coverageEmptyText, coverageTitle } from '../coverage-text';
import type { Deps } from '../deps';
import type { Supervisor } from '../model';
import type { Requester } from '../ports';
import type { CoverageView, ListPageView, ReplyView } from '../views';
import { scoped } from './find-chats';

/**
 * Uncovered chats read and ranked per request. Past it the store's rough risk order (negative, inactive, queued, idle)
 * decides which are ranked; the counts stay exact.
 */
export const COVERAGE_READ_MAX = 500;

/** "N of M open chats covered" in the supervisor's units (or the one named), and the uncovered chats, riskiest first. */
export async function coverageOf(
  deps: Deps,
  supervisor: Supervisor,
  businessUnit?: string,
  limit = COVERAGE_READ_MAX,
): Promise<CoverageView> {
  const f = await scoped(deps, businessUnit ? { businessUnit } : {}, scopeOf(supervisor, 'Supervise Open Chats'));
  const units = f.businessUnit ? [f.businessUnit] : f.businessUnits;
  const read = await deps.store.chats.coverage({ businessUnits: units }, COVERAGE_READ_MAX);
  // Only a chat with an agent can be waiting for its first response ("waiting for an agent" says it for the others).
  const firsts = await deps.store.messages.firstResponses(
    read.uncovered.filter((u) => u.chat.agentEmail).map((u) => u.chat.id),
  );
  const rows = rankUncovered(
    read.uncovered.map((u) => ({ ...u, firstResponse: firsts.get(u.chat.id) })),
    deps.clock.now(),
    deps.settings.negativeThreshold,
  );
  return {
    covered: read.covered,
    total: read.total,
    businessUnits: units ?? 'all',
    uncovered: rows.slice(0, Math.max(0, limit)),
  };
}

export async function coverageCommand(
  deps: Deps,
  who: Requester,
  businessUnit: string | undefined,
  page: number,
  command: string,
): Promise<ReplyView> {
  const me = await requireSupervisor(deps, who);
  const v = await coverageOf(deps, me, businessUnit);
  const unit = businessUnit && v.businessUnits !== 'all' ? v.businessUnits[0] : undefined;
  const size = deps.settings.pageSize;
  const pageCount = Math.max(1, Math.ceil(v.uncovered.length / size));
  const rows = v.uncovered.slice((page - 1) * size, page * size);
  const list: ListPageView = {
    title: coverageTitle(v, unit),
    columns: ['Chat', 'Customer', 'BU', 'Agent', 'Why'],
    rows: rows.map((r) => ({
      cells: [r.ref, r.customerName, r.businessUnit, r.agentName ?? '(queue)', r.reasons.join(', ')],
      chatRef: r.ref,
      action: 'supervise' as const,
    })),
    page,
    pageCount,
    total: v.total - v.covered,
    command,
    emptyText:
      v.uncovered.length && page > pageCount
        ? `There is no page ${page}; the last page is ${pageCount}.`
        : coverageEmptyText(v, unit),
  };
  return { type: 'list', page: list };
}
