// Open Chats and All Chats: filtered, scoped, paginated lists, and the CSV export (SPEC §3.4).
import { requireSupervisor, scopeOf } from '../access';
import type { Deps } from '../deps';
import { surfaceOf } from '../deps';
import { AppError } from '../errors';
import { chatsToCsv } from '../export/csv';
import type { Chat } from '../model';
import type { ChatFilter, Requester } from '../ports';
import type { ListPageView, ReplyView } from '../views';
import { resolveBusinessUnit } from './watch';

const EXPORT_LIMIT = 50_000;
const hhmm = (d: Date) => d.toISOString().slice(11, 16);
const day = (d: Date) => d.toISOString().slice(0, 10);

export async function listOpenChats(
  deps: Deps,
  who: Requester,
  filter: ChatFilter,
  page: number,
  command: string,
): Promise<ReplyView> {
  const me = await requireSupervisor(deps, who);
  const scope = scopeOf(me, 'Supervise Open Chats');
  const f = await scoped(deps, { ...filter, status: 'open' }, scope);
  const { items, total } = await deps.store.chats.query(f, { page, pageSize: deps.settings.pageSize });
  const mine = await supervisedBy(deps, who);
  return {
    type: 'list',
    page: pageView(
      deps,
      mine,
      'Open chats',
      ['Chat', 'Customer', 'Channel', 'BU', 'Agent', 'Last active', 'Flags'],
      items,
      total,
      page,
      command,
      (c) => [
        c.ref,
        c.customerName,
        c.channel,
        c.businessUnit,
        c.agentName ?? '(queue)',
        hhmm(c.lastActivityAt),
        flags(c),
      ],
    ),
  };
}

export async function listAllChats(
  deps: Deps,
  who: Requester,
  filter: ChatFilter,
  page: number,
  command: string,
): Promise<ReplyView> {
  const me = await requireSupervisor(deps, who);
  const f = await scoped(deps, filter, scopeOf(me, 'All Chats'));
  const { items, total } = await deps.store.chats.query(f, { page, pageSize: deps.settings.pageSize });
  const mine = await supervisedBy(deps, who);
  return {
    type: 'list',
    page: pageView(
      deps,
      mine,
      'All chats',
      ['Chat', 'Started', 'Status', 'BU', 'Agent', 'Customer', 'Sentiment', 'CSAT', 'Thumbs'],
      items,
      total,
      page,
      command,
      (c) => [
        c.ref,
        `${day(c.startedAt)} ${hhmm(c.startedAt)}`,
        c.status,
        c.businessUnit,
        c.agentName ?? '(queue)',
        c.customerName,
        c.sentimentLabel ? `${c.sentimentLabel} ${c.sentimentScore?.toFixed(2)}` : '–',
        c.csat !== null ? String(c.csat) : '–',
        c.thumbs ?? '–',
      ],
    ),
  };
}

export async function exportChats(deps: Deps, who: Requester, filter: ChatFilter): Promise<ReplyView> {
  const me = await requireSupervisor(deps, who);
  const f = await scoped(deps, filter, scopeOf(me, 'All Chats'));
  const { items, total } = await deps.store.chats.query(f, { page: 1, pageSize: EXPORT_LIMIT });
  if (total > EXPORT_LIMIT)
    throw new AppError(
      'bad_input',
      `That matches ${total} chats; exports hold at most ${EXPORT_LIMIT}. Narrow it with from:/to: or bu:.`,
    );
  const stamp = deps.clock.now().toISOString().replace(/[-:]/g, '').slice(0, 15);
  const range =
    filter.from || filter.to ? `, ${filter.from ? day(filter.from) : '…'} – ${filter.to ? day(filter.to) : '…'}` : '';
  const where = await surfaceOf(deps, who.surface).deliverFile(who, {
    name: `convrs-chats-${stamp}.csv`,
    mime: 'text/csv',
    content: chatsToCsv(items),
    summary: `${items.length} chat${items.length === 1 ? '' : 's'}${range}`,
  });
  await deps.store.audit.record({ actor: me.email, action: 'export', chatId: null, detail: `${items.length} chats` });
  return {
    type: 'notice',
    tone: 'success',
    text: `Exported ${items.length} chat${items.length === 1 ? '' : 's'}: ${where}`,
  };
}

/** The filter limited to the supervisor's business units (a named BU outside them is refused). */
export async function scoped(deps: Deps, filter: ChatFilter, scope: string[] | undefined): Promise<ChatFilter> {
  const f: ChatFilter = { ...filter };
  if (f.businessUnit) {
    f.businessUnit = await resolveBusinessUnit(deps, f.businessUnit);
    if (scope && !scope.some((b) => b.toLowerCase() === f.businessUnit!.toLowerCase()))
      throw new AppError(
        'forbidden',
        `You can't see chats of ${f.businessUnit}. Your business units: ${scope.join(', ') || 'none'}.`,
      );
  }
  if (scope) f.businessUnits = scope;
  return f;
}

function flags(c: Chat): string {
  const out: string[] = [];
  if (c.inactive) out.push('Inactive');
  if (c.sentimentLabel === 'negative') out.push('Negative');
  if (c.state === 'transferred') out.push('Transferred');
  return out.join(', ');
}

/** Chats the requester supervises here: their rows offer Unsupervise, not Supervise again. */
async function supervisedBy(deps: Deps, who: Requester): Promise<Set<number>> {
  const threads = await deps.store.threads.personalOf(who.surface, who.userId);
  return new Set(threads.filter((t) => t.active).map((t) => t.chatId));
}

function pageView(
  deps: Deps,
  mine: Set<number>,
  title: string,
  columns: string[],
  items: Chat[],
  total: number,
  page: number,
  command: string,
  row: (c: Chat) => string[],
): ListPageView {
  const pageCount = Math.max(1, Math.ceil(total / deps.settings.pageSize));
  return {
    title: `${title} (${total})`,
    columns,
    rows: items.map((c) => ({
      cells: row(c),
      chatRef: c.ref,
      action: mine.has(c.id) ? ('unsupervise' as const) : ('supervise' as const),
    })),
    page,
    pageCount,
    total,
    command,
    emptyText: page > pageCount ? `There is no page ${page}; the last page is ${pageCount}.` : 'No chats match.',
  };
}
