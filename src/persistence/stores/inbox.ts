// Inbox: each inbound event stored once by its key; recovery finds those never processed.
import type { Clock, InboxRow, InboxStore } from '../../core/ports';
import { dbDate, type Db } from '../db';
import { E } from '../entities';

export function inboxStore(db: Db, clock: Clock): InboxStore {
  const get = async (id: number) => (await db.run((m) => db.rows<InboxRow>(m, E.inbox, 'SELECT * FROM inbox WHERE id = :id', { id })))[0] ?? null;
  return {
    // One statement for a new event (no transaction around it: the insert is atomic, a duplicate is only read).
    accept: (key, type, payload, conversationId = null) =>
      db.run(async (m) => {
        const [id] = await db.insert<number>(m, E.inbox, [{ key, type, payload, conversationId, receivedAt: clock.now(), processedAt: null, error: null }],
          { conflict: ['key'], returning: 'id' });
        if (id !== undefined) return { id: Number(id), fresh: true };
        const [existing] = await db.sql<{ id: unknown }>(m, 'SELECT id FROM inbox WHERE event_key = :key', { key });
        if (!existing) throw new Error(`inbox: event ${key} conflicted but is not there`);
        return { id: Number(existing.id), fresh: false };
      }),
    get,
    oldestUnapplied: async (conversationIds) => {
      if (!conversationIds.length) return new Map();
      const rows = await db.run((m) => db.sql<{ conversation_id: string; oldest: unknown }>(m,
        'SELECT conversation_id, MIN(received_at) AS oldest FROM inbox WHERE processed_at IS NULL AND conversation_id IN (:...ids) GROUP BY conversation_id',
        { ids: conversationIds }));
      return new Map(rows.map((r) => [r.conversation_id, dbDate(r.oldest)!]));
    },
    pending: (shard, after, limit) =>
      db.run((m) => db.rows<InboxRow>(m, E.inbox,
        'SELECT * FROM inbox WHERE processed_at IS NULL AND error IS NULL AND id > :after AND id % :of = :index ORDER BY id LIMIT :limit',
        { after, of: shard.of, index: shard.index, limit })),
    backlog: async () => {
      const [r] = await db.run((m) => db.sql<{ n: unknown; oldest: unknown }>(m, 'SELECT COUNT(*) AS n, MIN(received_at) AS oldest FROM inbox WHERE processed_at IS NULL'));
      return { count: Number(r?.n ?? 0), oldest: dbDate(r?.oldest) ?? null };
    },
    markDoneMany: async (ids) => {
      if (!ids.length) return;
      await db.run((m) => db.sql(m, `UPDATE inbox SET processed_at = :at, error = NULL WHERE ${db.inList('id', 'ids', 'integer')}`, { at: clock.now(), ids }));
    },
    markDone: async (id) => {
      await db.run((m) => db.sql(m, 'UPDATE inbox SET processed_at = :at, error = NULL WHERE id = :id', { at: clock.now(), id }));
    },
    // A failed event counts as processed (with its error): recovery must not replay poison events forever.
    markFailed: async (id, error) => {
      await db.run((m) => m.getRepository<InboxRow>(E.inbox).update({ id }, { processedAt: clock.now(), error }));
    },
    markRetrying: async (id, error) => {
      await db.run((m) => db.sql(m, 'UPDATE inbox SET error = :error WHERE id = :id AND processed_at IS NULL', { error, id }));
    },
    unprocessed: (before, limit) =>
      db.run((m) =>
        m.getRepository<InboxRow>(E.inbox).createQueryBuilder('i')
          .where('i.processedAt IS NULL')
          .andWhere('i.receivedAt < :before', { before })
          .orderBy('i.id', 'ASC')
          .limit(limit)
          .getMany()),
  };
}
