// The words of coverage every surface shows: the "N of M open chats covered" headline and what an empty list says.
import type { CoverageView } from './views';

const chats = (n: number) => `open chat${n === 1 ? '' : 's'}`;

/** The headline every surface shows: "3 of 12 open chats covered" (" in Sales" when one unit was asked for). */
export function coverageTitle(v: Pick<CoverageView, 'covered' | 'total'>, unit?: string): string {
  return `${v.covered} of ${v.total} ${chats(v.total)} covered${unit ? ` in ${unit}` : ''}`;
}

/** What an empty coverage list says: nothing open, or everything covered. */
export function coverageEmptyText(v: CoverageView, unit?: string): string {
  const where = unit ? ` in ${unit}` : v.businessUnits === 'all' ? '' : ' in your business units';
  if (v.total === 0) return `No open chats${where}.`;
  return v.total === 1 ? `The one open chat${where} is covered.` : `All ${v.total} open chats${where} are covered.`;
}
