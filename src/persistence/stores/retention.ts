// Retention purge, one bounded batch per call: pick at most `limit` ids, then delete (or blank) just those rows.
// Short statements keep the database free for other work between batches (SQLite has a single writer).
import { In, type EntityManager } from 'typeorm';
import type { PurgeKind, RetentionStore } from '../../core/ports';
import { num, type Db } from '../db';
import { E } from '../entities';

/** Chats finished before :before (a closed chat without a close time counts from its last activity). */
const FINISHED = `SELECT c.id FROM chats c WHERE c.status = 'closed' AND COALESCE(c.closed_at, c.last_activity_at) < :before`;

const PICK: Record<PurgeKind, string> = {
  outbox: `SELECT o.id FROM outbox o JOIN threads t ON t.id = o.thread_id WHERE t.chat_id IN (${FINISHED}) LIMIT :limit`,
  messages: `SELECT m.id FROM messages m WHERE m.chat_id IN (${FINISHED}) LIMIT :limit`,
  whispers: `SELECT w.id FROM whispers w WHERE w.text <> '' AND w.chat_id IN (${FINISHED}) LIMIT :limit`,
  // Negative alerts quote the customer (the line that tipped the sentiment), and any alert's summary quotes the chat.
  // A summary column holds JSON text ('null' when there is none).
  alerts: `SELECT a.id FROM alerts a WHERE ((a.kind = 'negative' AND a.text <> '') OR (a.summary IS NOT NULL AND a.summary <> 'null')) AND a.chat_id IN (${FINISHED}) LIMIT :limit`,
  // Never the unprocessed: recovery still needs them.
  inbox: `SELECT i.id FROM inbox i WHERE i.processed_at < :before LIMIT :limit`,
  // Supervisor requests as received (a whisper's text among them): worked ones go once the platforms' retries are over.
  surfaceInbox: `SELECT s.id FROM surface_inbox s WHERE s.processed_at < :before LIMIT :limit`,
  // Surfaces' short-lived keys (Teams export links, chart images) once they have expired.
  surfaceState: `SELECT s.id FROM surface_state s WHERE s.expires_at < :before LIMIT :limit`,
};

const APPLY: Record<PurgeKind, (m: EntityManager, ids: number[]) => Promise<{ affected?: number | null }>> = {
  outbox: (m, ids) => m.getRepository(E.outbox).delete({ id: In(ids) }),
  messages: (m, ids) => m.getRepository(E.message).delete({ id: In(ids) }),
  whispers: (m, ids) => m.getRepository(E.whisper).update({ id: In(ids) }, { text: '' }),
  // The row stays (who claimed what, when); an inactivity alert's own text quotes nobody and stays too.
  alerts: (m, ids) =>
    m
      .createQueryBuilder()
      .update(E.alert)
      .set({ summary: () => 'NULL', text: () => `CASE WHEN kind = 'negative' THEN '' ELSE text END` })
      .where({ id: In(ids) })
      .execute(),
  inbox: (m, ids) => m.getRepository(E.inbox).delete({ id: In(ids) }),
  surfaceInbox: (m, ids) => m.getRepository(E.surfaceInbox).delete({ id: In(ids) }),
  surfaceState: (m, ids) => m.getRepository(E.surfaceState).delete({ id: In(ids) }),
};

export function retentionStore(db: Db): RetentionStore {
  return {
    purge: (kind, before, limit) =>
      db.run(async (m) => {
        const ids = (await db.sql<{ id: unknown }>(m, PICK[kind], { before, limit })).map((r) => num(r.id));
        if (!ids.length) return { picked: 0, changed: 0 };
        // Another process purging at the same time may have taken some of these rows already.
        return { picked: ids.length, changed: num((await APPLY[kind](m, ids)).affected) };
      }),
  };
}
