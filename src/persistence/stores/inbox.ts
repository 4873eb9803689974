// Inbox: each inbound event stored once by its key; recovery finds those never processed.
import type { Clock, InboxRow, InboxStore } from '../../core/ports';
import type { Db } from '../db';
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
    pendingConversations: async (conversationIds) => {
      if (!conversationIds.length) return new Set();
      const rows = await db.run((m) => m.getRepository<InboxRow>(E.inbox).createQueryBuilder('i')
        .select('DISTINCT i.conversationId', 'conversationId')
        .where('i.processedAt IS NULL').andWhere('i.conversationId IN (:...ids)', { ids: conversationIds })
        .getRawMany<{ conversationId: string }>());
      return new Set(rows.map((r) => r.conversationId));
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
