// A list page (open chats, chats, agents, report) as a card: a row per item with its button, Previous/Next re-run the command.
import type { ListPageView, ListRowView } from '../../../src/core/views';
import { chatActionSubmit, commandSubmit } from './actions';
import { adaptiveCard, heading, subtle, textBlock, type AdaptiveCard, type CardElement, type SubmitAction } from './adaptive';
import { bold, escapeMarkdown } from './markdown';

function rowText(row: ListRowView): string {
  const [first, ...rest] = row.cells.filter((c) => c.trim());
  return first === undefined ? ' ' : [bold(first), ...rest.map(escapeMarkdown)].join(' · ');
}

function rowElement(row: ListRowView): CardElement {
  const text = textBlock(rowText(row), { spacing: 'None' });
  if (!row.chatRef || !row.action) return { type: 'Container', separator: true, items: [text] };
  return {
    type: 'ColumnSet',
    separator: true,
    columns: [
      { type: 'Column', width: 'stretch', verticalContentAlignment: 'Center', items: [text] },
      { type: 'Column', width: 'auto', verticalContentAlignment: 'Center', items: [{ type: 'ActionSet', actions: [chatActionSubmit(row.action, row.chatRef)] }] },
    ],
  };
}

function pager(p: ListPageView): SubmitAction[] {
  const targets = [
    { title: '◀ Previous', page: p.page - 1, exists: p.page > 1 },
    { title: 'Next ▶', page: p.page + 1, exists: p.page < p.pageCount },
  ];
  return targets.filter((t) => t.exists).map((t) => commandSubmit(t.title, { action: 'page', command: `${p.command} page:${t.page}` }));
}

export function renderListPage(p: ListPageView): AdaptiveCard {
  const title = heading(escapeMarkdown(p.title));
  if (p.rows.length === 0) return adaptiveCard([title, textBlock(escapeMarkdown(p.emptyText))], [], `${p.title}: ${p.emptyText}`);
  const count = `${p.rows.length} of ${p.total} · page ${p.page}/${p.pageCount}`;
  const head: CardElement[] = [title, subtle(count)];
  if (p.columns.length) head.push(subtle(escapeMarkdown(p.columns.join(' · '))));
  return adaptiveCard([...head, ...p.rows.map(rowElement)], pager(p), `${p.title} (${count})`);
}
