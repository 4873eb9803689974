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

/** A section under the page: its title, columns and rows as text (sections are short tables, no buttons). */
function sectionElements(s: ListPageView): CardElement[] {
  const items: CardElement[] = [
    textBlock(bold(truncate(s.title, CELL_MAX)), { spacing: 'Large' }),
    ...(s.columns.length ? [subtle(escapeMarkdown(s.columns.join(' · ')))] : []),
  ];
  if (!s.rows.length) return [...items, textBlock(escapeMarkdown(truncate(s.emptyText, 1000)))];
  return [...items, ...s.rows.map((r) => textBlock(rowText(r), { spacing: 'None' }))];
}

function build(p: ListPageView, shownRows: number, sections: CardElement[] = []): AdaptiveCard {
  const count = `${p.rows.length} of ${p.total} · page ${p.page}/${p.pageCount}`;
  const head: CardElement[] = [heading(escapeMarkdown(truncate(p.title, CELL_MAX))), subtle(count)];
  if (shownRows < p.rows.length) {
    const cut = `${showingOf(shownRows, p.rows.length, 'rows')}: the rest do not fit in one Teams message. Narrow the list (e.g. bu:) to see them.`;
    head.push(textBlock(cut, { color: 'Warning', size: 'Small', spacing: 'Small' }));
  }
  if (p.columns.length) head.push(subtle(escapeMarkdown(p.columns.join(' · '))));
  return adaptiveCard(
    [...head, ...p.rows.slice(0, shownRows).map(rowElement), ...sections],
    pager(p),
    `${truncate(p.title, CELL_MAX)} (${count})`,
  );
}

/** The page, then its `sections` in order (the report's "Did coaching help?", calibration's errors); page rows give way. */
export function renderListPage(p: ListPageView, sections: ListPageView[] = []): AdaptiveCard {
  const extra = fittingSections(sections);
  if (p.rows.length === 0) {
    const empty = truncate(p.emptyText, 1000);
    return adaptiveCard(
      [heading(escapeMarkdown(truncate(p.title, CELL_MAX))), textBlock(escapeMarkdown(empty)), ...extra],
      [],
      `${truncate(p.title, CELL_MAX)}: ${empty}`,
    );
  }
  return build(
    p,
    largestFitting(p.rows.length, (n) => jsonBytes(build(p, n, extra)) <= CARD_BYTES_MAX),
    extra,
  );
}

/** Sections take at most half the card, so the page keeps room; rows beyond that are dropped, and the card says so. */
function fittingSections(sections: ListPageView[]): CardElement[] {
  const all = sections.flatMap(sectionElements);
  if (jsonBytes(all) <= CARD_BYTES_MAX / 2) return all;
  const n = largestFitting(all.length, (k) => jsonBytes(all.slice(0, k)) <= CARD_BYTES_MAX / 2 - 200);
  return [
    ...all.slice(0, n),
    textBlock(`${showingOf(n, all.length, 'lines')} of the tables below the list.`, {
      color: 'Warning',
      size: 'Small',
    }),
  ];
}
