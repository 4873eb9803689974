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

/** A row's one button: any command (e.g. "Move C-1042 to Carla Diaz"), or an action on the row's chat. */
function rowButton(r: ListRowView): Button | undefined {
  if (r.button && r.button.command.length <= BUTTON_VALUE_MAX)
    return commandButton(r.button.label, r.button.command, r.button.style);
  return r.chatRef && r.action ? chatActionButton(r.action, r.chatRef) : undefined;
}

function rowBlocks(rows: ListRowView[], max = ROWS_MAX): Block[] {
  // Pages hold 10–20 rows; a longer one (a report) still fits, as text without buttons, as far as 50 blocks allow.
  if (rows.length <= max) return rows.map((r) => section(rowText(r), rowButton(r)));
  const texts = rows.map(rowText);
  const packed = packTexts(texts);
  if (packed.length <= max) return packed.map((t) => section(t));
  // One block goes to saying so: the largest number of rows whose packed text fits the rest.
  let [fits, over] = [0, rows.length];
  while (over - fits > 1) {
    const mid = (fits + over) >> 1;
    if (packTexts(texts.slice(0, mid)).length <= max - 1) fits = mid;
    else over = mid;
  }
  const note = `Showing ${fits} of ${rows.length} rows: the rest do not fit in one Slack message. Narrow the list (e.g. bu:) or export it to see them.`;
  return [...packTexts(texts.slice(0, fits)).map((t) => section(t)), context(note)];
}

function pager(p: ListPageView): Button[] {
  const targets = [
    { label: '◀ Previous', page: p.page - 1, exists: p.page > 1 },
    { label: 'Next ▶', page: p.page + 1, exists: p.page < p.pageCount },
  ];
  return (
    targets
      .map((t) => ({ ...t, command: `${p.command} page:${t.page}` }))
      // A command too long for a button value cannot be re-run by a click; the user can still type it with page:N.
      .filter((t) => t.exists && t.command.length <= BUTTON_VALUE_MAX)
      .map((t) => commandButton(t.label, t.command))
  );
}

/** `reserve`: blocks kept free for what follows the page (its sections). */
export function renderListPage(p: ListPageView, reserve = 0): Message {
  const blocks: Block[] = [header(p.title)];
  if (p.rows.length === 0) {
    blocks.push(section(escapeMrkdwn(p.emptyText)));
    return { text: fallback(`${p.title}: ${p.emptyText}`), blocks };
  }
  const count = `${p.rows.length} of ${p.total} · page ${p.page}/${p.pageCount}`;
  blocks.push(
    p.columns.length ? context(count, escapeMrkdwn(p.columns.join(' · '))) : context(count),
    ...rowBlocks(p.rows, ROWS_MAX - reserve),
  );
  const buttons = pager(p);
  if (buttons.length) blocks.push(actions(buttons));
  return { text: fallback(`${p.title} (${count})`), blocks };
}

/** Blocks per section beyond which its rows are cut: sections are short tables (the report's, calibration's errors). */
const SECTION_BLOCKS_MAX = 6;

/** A section under the page: its title, its columns and its rows packed into a few text blocks. */
function sectionBlocks(s: ListPageView): Block[] {
  const head: Block[] = [header(s.title), ...(s.columns.length ? [context(escapeMrkdwn(s.columns.join(' · ')))] : [])];
  if (!s.rows.length) return [...head, section(escapeMrkdwn(s.emptyText))];
  const packed = packTexts(s.rows.map(rowText));
  const room = SECTION_BLOCKS_MAX - head.length;
  return [
    ...head,
    ...packed.slice(0, room).map((t) => section(t)),
    ...(packed.length > room
      ? [context('The rest of this table does not fit in one Slack message; export it to see it.')]
      : []),
  ];
}

/** A list reply: the page, then its sections in order, all within Slack's 50 blocks (the page's rows give way). */
export function renderListReply(p: ListPageView, sections: ListPageView[] = []): Message {
  const extra = sections.flatMap(sectionBlocks).slice(0, MESSAGE_BLOCKS_MAX - 10);
  if (!extra.length) return renderListPage(p);
  const page = renderListPage(p, extra.length);
  const blocks = [...page.blocks, ...extra].slice(0, MESSAGE_BLOCKS_MAX);
  return { ...page, blocks };
}
