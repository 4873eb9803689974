// Threads: where a chat is mirrored; one per (chat, surface, destination), closed and re-opened in place.
import type { EntityManager } from 'typeorm';
import { destinationHash } from '../../core/drain-shard';
import { notFound } from '../../core/errors';
import type { Clock, ThreadStore } from '../../core/ports';
import type { Db } from '../db';
import { E, type OutboxRow, type ThreadRow } from '../entities';

const repo = (m: EntityManager) => m.getRepository<ThreadRow>(E.thread);

export function threadStore(db: Db, clock: Clock): ThreadStore {
  return {
    // Re-opening keeps the root post (the old card) and takes the new kind, owner and starting seq.
    open: (t) =>
      db.atomic(async (m, tx) => {
        const [id] = await tx.insert<number>(
          m,
          E.thread,
          [
            {
              chatId: t.chatId,
              surface: t.surface,
              destination: t.destination,
              kind: t.kind,
              ownerUserId: t.ownerUserId,
              rootPostId: null,
              fromSeq: t.fromSeq,
              active: true,
              createdAt: clock.now(),
              drainHash: destinationHash(t.surface, t.destination),
            },
          ],
          { conflict: ['chatId', 'surface', 'destination'], returning: 'id' },
        );
        if (id !== undefined) return { thread: await repo(m).findOneByOrFail({ id: Number(id) }), created: true };
        const where = { chatId: t.chatId, surface: t.surface, destination: t.destination };
        const existing = await repo(m).findOneByOrFail(where);
        if (!existing.active) {
          await repo(m).update(
            { id: existing.id },
            { active: true, kind: t.kind, ownerUserId: t.ownerUserId, fromSeq: t.fromSeq },
          );
        }
        return { thread: await repo(m).findOneByOrFail({ id: existing.id }), created: false };
      }),

    get: (id) => db.run((m) => repo(m).findOneBy({ id })),

    close: async (id) => {
      await db.run((m) => repo(m).update({ id }, { active: false }));
    },

    end: (id, finalMessageId, reason) =>
      db.atomic(async (m, tx) => {
        const outbox = m.getRepository<OutboxRow>(E.outbox);
        await outbox
          .createQueryBuilder()
          .update()
          .set({ skippedReason: reason })
          .where('thread_id = :id', { id })
          .andWhere('posted_at IS NULL')
          .andWhere('skipped_reason IS NULL')
          .andWhere('final = :no', { no: false })
          .execute();
        await repo(m).update({ id }, { active: false });
        if (finalMessageId === null) return;
        const t = await repo(m).findOneByOrFail({ id });
        await tx.insert(
          m,
          E.outbox,
          [
            {
              threadId: id,
              messageId: finalMessageId,
              surface: t.surface,
              destination: t.destination,
              postId: null,
              postedAt: null,
              attemptKey: null,
              skippedReason: null,
              final: true,
              createdAt: clock.now(),
            },
          ],
          { conflict: ['threadId', 'messageId'], returning: 'id' },
        );
      }),

    setRoot: (id, rootPostId, destination) =>
      db.atomic(async (m) => {
        const result = await repo(m).update({ id }, destination ? { rootPostId, destination } : { rootPostId });
        if (!result.affected) throw notFound(`Thread ${id} was not found.`);
        if (destination) await m.getRepository<OutboxRow>(E.outbox).update({ threadId: id }, { destination });
        return repo(m).findOneByOrFail({ id });
      }),

    // On every message: a plain statement.
    forChat: (chatId) =>
      db.run((m) =>
        db.rows<ThreadRow>(m, E.thread, 'SELECT * FROM threads WHERE chat_id = :chatId ORDER BY id', { chatId }),
      ),

    byRoot: (surface, destination, rootPostId) =>
      db.run((m) =>
        repo(m).findOne({ where: { surface, destination, rootPostId, active: true }, order: { id: 'DESC' } }),
      ),

    personalOf: (surface, ownerUserId) =>
      db.run((m) => repo(m).find({ where: { surface, ownerUserId, kind: 'personal' }, order: { id: 'ASC' } })),

    find: (chatId, surface, destination) =>
      db.run((m) => repo(m).findOneBy({ chatId, surface, destination, active: true })),
  };
}
