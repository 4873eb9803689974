// Inbox: each inbound event stored once by its key; recovery finds those never processed.
import type { Clock, InboxRow, InboxStore } from '../../core/ports';
import { dbDate, type Db } from '../db';
import { E } from '../entities';

export function inboxStore(db: Db, clock: Clock): InboxStore {
  const get = (id: number) => db.run((m) => m.getRepository<InboxRow>(E.inbox).findOneBy({ id }));
  return {
    accept: (key, type, payload, conversationId = null) =>
      db.atomic(async (m, tx) => {
        const [id] = await tx.insert<number>(m, E.inbox, [{ key, type, payload, conversationId, receivedAt: clock.now(), processedAt: null, error: null }],
          { conflict: ['key'], returning: 'id' });
        if (id !== undefined) return { id: Number(id), fresh: true };
        const existing = await m.getRepository<InboxRow>(E.inbox).findOneByOrFail({ key });
        return { id: existing.id, fresh: false };
      }),
    get,
    oldestUnapplied: async (conversationIds) => {
      if (!conversationIds.length) return new Map();
      const rows = await db.run((m) => m.getRepository<InboxRow>(E.inbox).createQueryBuilder('i')
        .select('i.conversationId', 'conversationId').addSelect('MIN(i.receivedAt)', 'oldest')
        .where('i.processedAt IS NULL').andWhere('i.conversationId IN (:...ids)', { ids: conversationIds })
        .groupBy('i.conversationId')
        .getRawMany<{ conversationId: string; oldest: unknown }>());
      return new Map(rows.map((r) => [r.conversationId, dbDate(r.oldest)!]));
    },
    markDone: async (id) => {
      await db.run((m) => m.getRepository<InboxRow>(E.inbox).update({ id }, { processedAt: clock.now(), error: null }));
    },
    // A failed event counts as processed (with its error): recovery must not replay poison events forever.
    markFailed: async (id, error) => {
      await db.run((m) => m.getRepository<InboxRow>(E.inbox).update({ id }, { processedAt: clock.now(), error }));
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
