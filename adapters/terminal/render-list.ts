// Terminal rendering of answers that are lists: list pages as aligned tables, help, and the transfer choices.
import type { HelpView, ListPageView, TransferFormView } from '../../src/core/views';
import { actionHint } from './render-card';
import { PLAIN, displayWidth, padEnd, paint, truncate, type RenderOptions } from './render-style';

/** Widest a table cell may get before it is cut with "…". */
export const MAX_CELL = 32;

/**
 * Left-aligned columns two spaces apart; the header is underlined with a rule. `wholeLast`: the last column is never
 * cut (a command to type must be whole).
 */
export function renderTable(columns: string[], rows: string[][], o: RenderOptions = PLAIN, wholeLast = false): string {
  const cell = (s: string, i: number) =>
    wholeLast && i === columns.length - 1 ? s.replace(/\s+/g, ' ').trim() : truncate(s, MAX_CELL);
  const cut = rows.map((r) => columns.map((_, i) => cell(r[i] ?? '', i)));
  const head = columns.map((c) => truncate(c, MAX_CELL));
  const widths = head.map((h, i) => Math.max(displayWidth(h), ...cut.map((r) => displayWidth(r[i]))));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : padEnd(c, widths[i])))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '─'.repeat(w)).join('  ');
  return [paint(o, 'bold', line(head)), paint(o, 'dim', rule), ...cut.map(line)].join('\n');
}

export function renderListPage(p: ListPageView, o: RenderOptions = PLAIN): string {
  const out = [paint(o, 'bold', p.title)];
  if (p.rows.length === 0) {
    out.push(p.emptyText);
    return out.join('\n');
  }
  const withActions = p.rows.some((r) => (r.chatRef && r.action) || r.button);
  const columns = withActions ? [...p.columns, ''] : p.columns;
  const rows = p.rows.map((r) => {
    if (!withActions) return r.cells;
    const hint = r.button
      ? `→ ${r.button.command}`
      : r.chatRef && r.action
        ? `→ ${actionHint(r.action, r.chatRef)}`
        : '';
    return [...r.cells, ...Array(Math.max(0, p.columns.length - r.cells.length)).fill(''), hint];
  });
  out.push(renderTable(columns, rows, o, withActions));
  if (p.pageCount > 1) {
    const more = p.page < p.pageCount ? ` — type \`${p.command} page:${p.page + 1}\` for more` : '';
    out.push(paint(o, 'dim', `page ${p.page} of ${p.pageCount}${more}`));
  }
  return out.join('\n');
}

export function renderHelp(h: HelpView, o: RenderOptions = PLAIN): string {
  const out: string[] = [];
  if (h.lead) out.push(h.lead);
  out.push(paint(o, 'bold', h.title));
  for (const e of h.entries) {
    out.push(`  ${paint(o, 'bold', e.usage)}`);
    out.push(`      ${e.description}`);
    out.push(`      e.g. ${paint(o, 'cyan', e.example)}`);
  }
  return out.join('\n');
}

export function renderTransferForm(f: TransferFormView, o: RenderOptions = PLAIN): string {
  const out = [paint(o, 'bold', `Transfer ${f.ref} to an agent or a business unit:`)];
  if (f.agents.length) {
    const rows = f.agents.map((a) => [a.name, a.email, a.status, `${a.load} chats`]);
    out.push(renderTable(['Agent', 'Email', 'Status', 'Load'], rows, o).replace(/^/gm, '  '));
  } else {
    out.push('  No other agent is available.');
  }
  if (f.businessUnits.length) out.push(`  Business units: ${f.businessUnits.join(' · ')}`);
  const examples: string[] = [];
  if (f.agents[0]) examples.push(`transfer ${f.ref} to ${f.agents[0].email}`);
  const bu = f.businessUnits[0];
  if (bu) examples.push(`transfer ${f.ref} to bu:${/\s/.test(bu) ? `"${bu}"` : bu}`);
  if (examples.length) out.push(`Type ${examples.map((e) => paint(o, 'cyan', e)).join(' or ')}`);
  return out.join('\n');
}
