// Inbox: each inbound event stored once by its key; recovery finds those never processed.
import type { Clock, InboxRow, InboxStore } from '../../core/ports';
import { dbDate, type Db } from '../db';
import { E } from '../entities';

// A key as the database gives it back: a lone UTF-16 surrogate (only in a forged event) becomes U+FFFD, as pg writes it;
// SQLite would store it mangled and answer another key than was sent, and answers are matched by key.
const wellFormed = (s: string) => (s as string & { toWellFormed(): string }).toWellFormed();

export function inboxStore(db: Db, clock: Clock): InboxStore {
  const get = async (id: number) =>
    (await db.run((m) => db.rows<InboxRow>(m, E.inbox, 'SELECT * FROM inbox WHERE id = :id', { id })))[0] ?? null;
  const acceptMany: InboxStore['acceptMany'] = async (events) => {
    if (!events.length) return [];
    const receivedAt = clock.now();
    const keys = events.map((e) => wellFormed(e.key));
    // One insert for the batch (no transaction around it: it is atomic), then one read for the keys already stored.
    const { fresh, stored } = await db.run(async (m) => {
      // PostgreSQL: arrays, so every batch size is the same (prepared) statement; the rows go in array order.
      const written =
        db.dialect === 'postgres'
          ? await db.sql<{ id: unknown; key: string }>(
              m,
              `
            INSERT INTO inbox (event_key, type, payload, conversation_id, received_at)
            SELECT v.k, v.t, v.p, v.c, CAST(:at AS timestamptz)
            FROM UNNEST(CAST(:keys AS text[]), CAST(:types AS text[]), CAST(:payloads AS text[]), CAST(:convs AS text[])) WITH ORDINALITY AS v(k, t, p, c, n)
            ORDER BY v.n
            ON CONFLICT (event_key) DO NOTHING
            RETURNING id, event_key AS key`,
              {
                at: receivedAt,
                keys,
                types: events.map((e) => e.type),
                payloads: events.map((e) => e.payload),
                convs: events.map((e) => e.conversationId ?? null),
              },
            )
          : await db.insertPick<{ id: unknown; key: string }>(
              m,
              E.inbox,
              events.map((e, i) => ({
                key: keys[i],
                type: e.type,
                payload: e.payload,
                conversationId: e.conversationId ?? null,
                receivedAt,
                processedAt: null,
                error: null,
              })),
              { conflict: ['key'], returning: ['id', 'key'] },
            );
      const fresh = new Map(written.map((r) => [r.key, Number(r.id)]));
      const others = [...new Set(keys.filter((k) => !fresh.has(k)))];
      const rows = others.length
        ? await db.sql<{ id: unknown; event_key: string }>(
            m,
            `SELECT id, event_key FROM inbox WHERE ${db.inList('event_key', 'keys', 'text')}`,
            { keys: others },
          )
        : [];
      return { fresh, stored: new Map(rows.map((r) => [r.event_key, Number(r.id)])) };
    });
    return keys.map((key) => {
      const id = fresh.get(key);
      if (id !== undefined) {
        // A key repeated in the batch: its first occurrence was the one written.
        fresh.delete(key);
        stored.set(key, id);
        return { id, fresh: true };
      }
      const existing = stored.get(key);
      if (existing === undefined) throw new Error(`inbox: event ${key} conflicted but is not there`);
      return { id: existing, fresh: false };
    });
  };
  return {
    acceptMany,
    accept: async (key, type, payload, conversationId = null) =>
      (await acceptMany([{ key, type, payload, conversationId }]))[0]!,
    get,
    oldestUnapplied: async (conversationIds) => {
      if (!conversationIds.length) return new Map();
      const rows = await db.run((m) =>
        db.sql<{ conversation_id: string; oldest: unknown }>(
          m,
          'SELECT conversation_id, MIN(received_at) AS oldest FROM inbox WHERE processed_at IS NULL AND conversation_id IN (:...ids) GROUP BY conversation_id',
          { ids: conversationIds },
        ),
      );
      return new Map(rows.map((r) => [r.conversation_id, dbDate(r.oldest)!]));
    },
    pending: (shard, after, limit) =>
      db.run((m) =>
        db.rows<InboxRow>(
          m,
          E.inbox,
          'SELECT * FROM inbox WHERE processed_at IS NULL AND error IS NULL AND id > :after AND id % :of = :index ORDER BY id LIMIT :limit',
          { after, of: shard.of, index: shard.index, limit },
        ),
      ),
    backlog: async () => {
      const [r] = await db.run((m) =>
        db.sql<{ n: unknown; oldest: unknown }>(
          m,
          'SELECT COUNT(*) AS n, MIN(received_at) AS oldest FROM inbox WHERE processed_at IS NULL',
        ),
      );
      return { count: Number(r?.n ?? 0), oldest: dbDate(r?.oldest) ?? null };
    },
    markDoneMany: async (ids) => {
      if (!ids.length) return;
      await db.run((m) =>
        db.sql(m, `UPDATE inbox SET processed_at = :at, error = NULL WHERE ${db.inList('id', 'ids', 'integer')}`, {
          at: clock.now(),
          ids,
        }),
      );
    },
    markDone: async (id) => {
      await db.run((m) =>
        db.sql(m, 'UPDATE inbox SET processed_at = :at, error = NULL WHERE id = :id', { at: clock.now(), id }),
      );
    },
    // A failed event counts as processed (with its error): recovery must not replay poison events forever.
    markFailed: async (id, error) => {
      await db.run((m) => m.getRepository<InboxRow>(E.inbox).update({ id }, { processedAt: clock.now(), error }));
    },
    markRetrying: async (id, error) => {
      await db.run((m) =>
        db.sql(m, 'UPDATE inbox SET error = :error WHERE id = :id AND processed_at IS NULL', { error, id }),
      );
    },
    unprocessed: (before, limit) =>
      db.run((m) =>
        m
          .getRepository<InboxRow>(E.inbox)
          .createQueryBuilder('i')
          .where('i.processedAt IS NULL')
          .andWhere('i.receivedAt < :before', { before })
          .orderBy('i.id', 'ASC')
          .limit(limit)
          .getMany(),
      ),
  };
}
