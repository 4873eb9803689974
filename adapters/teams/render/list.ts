// A list page (open chats, chats, agents, report) as a card: a row per item with its button, Previous/Next re-run the
// command; rows that would take the card past Teams' message size are cut, and the card says so.
import type { ListPageView, ListRowView } from '../../../src/core/views';
import { anyCommandSubmit, chatActionSubmit, commandSubmit } from './actions';
import { CARD_BYTES_MAX, jsonBytes, largestFitting, showingOf } from './activity';
import {
  adaptiveCard,
  heading,
  subtle,
  textBlock,
  type AdaptiveCard,
  type CardElement,
  type SubmitAction,
} from './adaptive';
import { bold, escapeMarkdown, truncate } from './markdown';

/** A cell (an agent's open chats, a business-unit list) is cut beyond this, so one row never fills the card. */
const CELL_MAX = 300;

function rowText(row: ListRowView): string {
  const [first, ...rest] = row.cells.filter((c) => c.trim()).map((c) => truncate(c, CELL_MAX));
  return first === undefined ? ' ' : [bold(first), ...rest.map(escapeMarkdown)].join(' · ');
}

function rowElement(row: ListRowView): CardElement {
  const text = textBlock(rowText(row), { spacing: 'None' });
  const button = row.button
    ? anyCommandSubmit(row.button)
    : row.chatRef && row.action
      ? chatActionSubmit(row.action, row.chatRef)
      : null;
  if (!button) return { type: 'Container', separator: true, items: [text] };
  return {
    type: 'ColumnSet',
    separator: true,
    columns: [
      { type: 'Column', width: 'stretch', verticalContentAlignment: 'Center', items: [text] },
      {
        type: 'Column',
        width: 'auto',
        verticalContentAlignment: 'Center',
        items: [{ type: 'ActionSet', actions: [button] }],
      },
    ],
  };
}

function pager(p: ListPageView): SubmitAction[] {
  const targets = [
    { title: '◀ Previous', page: p.page - 1, exists: p.page > 1 },
    { title: 'Next ▶', page: p.page + 1, exists: p.page < p.pageCount },
  ];
  return targets
    .filter((t) => t.exists)
    .map((t) => commandSubmit(t.title, { action: 'page', command: `${p.command} page:${t.page}` }));
}

function build(p: ListPageView, shownRows: number): AdaptiveCard {
  const count = `${p.rows.length} of ${p.total} · page ${p.page}/${p.pageCount}`;
  const head: CardElement[] = [heading(escapeMarkdown(truncate(p.title, CELL_MAX))), subtle(count)];
  if (shownRows < p.rows.length) {
    const cut = `${showingOf(shownRows, p.rows.length, 'rows')}: the rest do not fit in one Teams message. Narrow the list (e.g. bu:) to see them.`;
    head.push(textBlock(cut, { color: 'Warning', size: 'Small', spacing: 'Small' }));
  }
  if (p.columns.length) head.push(subtle(escapeMarkdown(p.columns.join(' · '))));
  return adaptiveCard(
    [...head, ...p.rows.slice(0, shownRows).map(rowElement)],
    pager(p),
    `${truncate(p.title, CELL_MAX)} (${count})`,
  );
}

export function renderListPage(p: ListPageView): AdaptiveCard {
  if (p.rows.length === 0) {
    const empty = truncate(p.emptyText, 1000);
    return adaptiveCard(
      [heading(escapeMarkdown(truncate(p.title, CELL_MAX))), textBlock(escapeMarkdown(empty))],
      [],
      `${truncate(p.title, CELL_MAX)}: ${empty}`,
    );
  }
  return build(
    p,
    largestFitting(p.rows.length, (n) => jsonBytes(build(p, n)) <= CARD_BYTES_MAX),
  );
}
