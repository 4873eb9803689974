// CSV exports (one row per chat, report tables) with every text cell guarded against formula injection.
import { stringify } from 'csv-stringify/sync';
import type { Chat } from '../model';

export type Cell = string | number | null;

export const CHAT_COLUMNS = [
  'ref',
  'conversation_id',
  'status',
  'state',
  'business_unit',
  'agent_email',
  'agent_name',
  'customer',
  'country',
  'channel',
  'started_at',
  'last_activity_at',
  'closed_at',
  'thumbs',
  'sentiment_score',
  'sentiment_label',
  'sentiment_source',
  'sentiment_at',
  'csat',
  'csat_reason',
  'csat_source',
  'csat_at',
] as const;

// Spreadsheets run a cell starting with these as a formula (OWASP "CSV injection");
// some apps skip leading spaces first, so look past them too.
const FORMULA_START = /^(?:[\t\r]|\s*[=+\-@])/;
const PLAIN_NUMBER = /^-?\d+(?:\.\d+)?$/;

/** A text cell a spreadsheet would evaluate gets a leading `'`; negative numbers stay numbers. */
export function protectCell(cell: Cell): string | number {
  if (cell === null) return '';
  if (typeof cell === 'number') return cell;
  return FORMULA_START.test(cell) && !PLAIN_NUMBER.test(cell) ? `'${cell}` : cell;
}

/**
 * Excel reads a CSV without a byte-order mark in the machine's legacy code page (Windows-1252 in most of Europe),
 * so "Zoë Müller" would open as "ZoÃ« MÃ¼ller"; the BOM tells it the file is UTF-8. Other readers skip it.
 */
export const UTF8_BOM = '\uFEFF';

export function rowsToCsv(columns: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return UTF8_BOM + stringify([columns, ...rows].map((r) => r.map(protectCell)));
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function chatsToCsv(chats: readonly Chat[]): string {
  return rowsToCsv(
    CHAT_COLUMNS,
    chats.map((c) => [
      c.ref,
      c.conversationId,
      c.status,
      c.state,
      c.businessUnit,
      c.agentEmail,
      c.agentName,
      c.customerName,
      c.customerCountry,
      c.channel,
      iso(c.startedAt),
      iso(c.lastActivityAt),
      iso(c.closedAt),
      c.thumbs,
      c.sentimentScore,
      c.sentimentLabel,
      c.sentimentSource,
      iso(c.sentimentAt),
      c.csat,
      c.csatReason,
      c.csatSource,
      iso(c.csatAt),
    ]),
  );
}
