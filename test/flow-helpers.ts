// Small helpers shared by the end-to-end flow tests (on top of harness.ts).
import type { DataSource } from 'typeorm';
import { formatTs, type CommandLogEntry, type Conversation } from '../adapters/convrs/simulator';
import type { TerminalRecord } from '../adapters/terminal/surface';
import { openDatabase } from '../src/persistence/data-source';
import { command, waitFor, type Harness } from './harness';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Commands of Convrs that change something (a customer or agent would notice them). */
export const MUTATING = ['SendWhisper', 'TransferConversation', 'FinishConversation'] as const;

/**
 * Runs a command and returns the reply it produced. Commands run on a worker pool, so callers
 * must not have another command in flight for the same destination.
 */
export async function ask(
  h: Harness,
  user: string,
  text: string,
  destination = 'tty',
  timeoutMs = 10_000,
): Promise<TerminalRecord> {
  const before = h.surface.records.length;
  await command(h, user, text, destination);
  return waitFor(
    `reply to "${text}" (${user})`,
    () => h.surface.records.slice(before).find((r) => r.kind === 'reply' && r.destination === destination),
    timeoutMs,
  );
}

/** What Convrs was asked after `mark` (an index into the simulator's command log). */
export function commandsSince(h: Harness, mark: number, names?: readonly string[]): CommandLogEntry[] {
  return h.sim.commandLog.slice(mark).filter((e) => !names || names.includes(e.cmd));
}

/** A second connection to the app's database, for counting rows. */
export async function openSideDb(h: Harness): Promise<DataSource> {
  return openDatabase(h.databaseUrl, { migrate: false });
}

export async function countRows(ds: DataSource, table: string): Promise<number> {
  const [row] = (await ds.query(`SELECT COUNT(*) AS n FROM ${table}`)) as { n: number | string }[];
  return Number(row?.n ?? 0);
}

/** Mirrored lines (with their flags) of one thread, in posting order. */
export function linesOf(h: Harness, threadId: number) {
  return h.surface.records.filter((r) => r.kind === 'lines' && r.threadId === threadId).flatMap((r) => r.lines!);
}

/** A response body may carry a reason, never a stack trace or a source path. */
export function looksLikeStackTrace(text: string): boolean {
  return /\n\s+at\s|\bat\s+\S+\s+\(|\bat\s+(?:\/|file:)|\.(?:ts|js):\d+|node_modules|\/work\//.test(text);
}

/** A valid onMessage envelope from the customer of `conv`, shaped like the simulator's (ids from `id`). */
export function customerMessage(
  conv: Conversation,
  id: string,
  text: string,
  at: number,
  patch: Record<string, unknown> = {},
  drop: string[] = [],
) {
  const base = {
    eventId: `ev_${id}`,
    mid: `m_${id}`,
    conversationId: conv.conversationId,
    uid: conv.uid,
    sender: 'customer',
    author: { name: conv.customer.name },
    text,
    attachments: [],
    timestamp: formatTs(at),
  };
  const data: typeof base & Record<string, unknown> = { ...base, ...patch };
  for (const k of drop) delete data[k];
  return { cmd: 'onMessage', ok: 1, uid: conv.uid, data };
}
