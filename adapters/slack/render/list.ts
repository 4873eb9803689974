// A list page (open chats, chats, agents, report) with a button per row and Previous/Next buttons that re-run the command.
import type { ListPageView, ListRowView } from '../../../src/core/views';
import { BUTTON_VALUE_MAX, chatActionButton, commandButton } from './actions';
import { actions, context, header, section, type Block, type Button, type Message } from './blocks';
import { bold, escapeMrkdwn, fallback, MESSAGE_BLOCKS_MAX, packTexts } from './mrkdwn';

/** Header, count line and pager leave this many blocks for rows. */
const ROWS_MAX = MESSAGE_BLOCKS_MAX - 3;

function rowText(row: ListRowView): string {
  const [first, ...rest] = row.cells.filter((c) => c.trim());
  return first === undefined ? ' ' : [bold(first), ...rest.map(escapeMrkdwn)].join(' · ');
}

function rowBlocks(rows: ListRowView[]): Block[] {
  // Pages hold 10–20 rows; a longer one still fits, as text without buttons.
  if (rows.length > ROWS_MAX) return packTexts(rows.map(rowText)).map((t) => section(t));
  return rows.map((r) => section(rowText(r), r.chatRef && r.action ? chatActionButton(r.action, r.chatRef) : undefined));
}

function pager(p: ListPageView): Button[] {
  const targets = [
    { label: '◀ Previous', page: p.page - 1, exists: p.page > 1 },
    { label: 'Next ▶', page: p.page + 1, exists: p.page < p.pageCount },
  ];
  return targets
    .map((t) => ({ ...t, command: `${p.command} page:${t.page}` }))
    // A command too long for a button value cannot be re-run by a click; the user can still type it with page:N.
    .filter((t) => t.exists && t.command.length <= BUTTON_VALUE_MAX)
    .map((t) => commandButton(t.label, t.command));
}

export function renderListPage(p: ListPageView): Message {
  const blocks: Block[] = [header(p.title)];
  if (p.rows.length === 0) {
    blocks.push(section(escapeMrkdwn(p.emptyText)));
    return { text: fallback(`${p.title}: ${p.emptyText}`), blocks };
  }
  const count = `${p.rows.length} of ${p.total} · page ${p.page}/${p.pageCount}`;
  blocks.push(p.columns.length ? context(count, escapeMrkdwn(p.columns.join(' · '))) : context(count), ...rowBlocks(p.rows));
  const buttons = pager(p);
  if (buttons.length) blocks.push(actions(buttons));
  return { text: fallback(`${p.title} (${count})`), blocks };
}
