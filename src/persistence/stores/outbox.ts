// Outbox: (thread, message) pairs to post, drained per destination in display order; post ids recorded.
import type { EntityManager } from 'typeorm';
import type { SurfaceName } from '../../core/model';
import type { Clock, OutboxStore } from '../../core/ports';
import { dbDate, num, type Db } from '../db';
import { E, type OutboxRow, type ThreadRow } from '../entities';

const repo = (m: EntityManager) => m.getRepository<OutboxRow>(E.outbox);
const CHUNK = 200;

export function outboxStore(db: Db, clock: Clock): OutboxStore {
  return {
    enqueue: (rows) =>
      db.atomic(async (m, tx) => {
        const pairs = [...new Map(rows.map((r) => [`${r.threadId}:${r.messageId}`, r])).values()];
        if (pairs.length === 0) return 0;
        const threadIds = [...new Set(pairs.map((p) => p.threadId))];
        const threads = new Map((await m.getRepository<ThreadRow>(E.thread).findBy(threadIds.map((id) => ({ id })))).map((t) => [t.id, t]));
        const missing = threadIds.filter((id) => !threads.has(id));
        if (missing.length) throw new Error(`outbox: unknown thread ${missing.join(', ')}`);
        const now = clock.now();
        let inserted = 0;
        for (let i = 0; i < pairs.length; i += CHUNK) {
          const values = pairs.slice(i, i + CHUNK).map((p) => {
            const t = threads.get(p.threadId)!;
            return { threadId: p.threadId, messageId: p.messageId, surface: t.surface, destination: t.destination, postId: null, postedAt: null, attemptKey: null, skippedReason: null, createdAt: now };
          });
          inserted += (await tx.insert(m, E.outbox, values, { conflict: ['threadId', 'messageId'], returning: 'id' })).length;
        }
        return inserted;
      }),

    lagByDestination: (limit) =>
      db.run(async (m) => {
        const rows = await repo(m).createQueryBuilder('o')
          .innerJoin('o.thread', 't').innerJoin('o.message', 'msg')
          .select('o.surface', 'surface').addSelect('o.destination', 'destination').addSelect('MIN(msg.receivedAt)', 'oldest')
          .where('o.postedAt IS NULL').andWhere('o.skippedReason IS NULL').andWhere('t.active = :active', { active: true })
          .groupBy('o.surface').addGroupBy('o.destination')
          .orderBy('MIN(msg.receivedAt)', 'ASC')
          .limit(limit)
          .getRawMany<{ surface: SurfaceName; destination: string; oldest: unknown }>();
        return rows.map((r) => ({ surface: r.surface, destination: r.destination, oldest: dbDate(r.oldest)! }));
      }),

    // Oldest waiting destination first, so a busy one cannot starve the others.
    pendingDestinations: (limit) =>
      db.run(async (m) => {
        const rows = await repo(m).createQueryBuilder('o')
          .innerJoin('o.thread', 't')
          .select('o.surface', 'surface').addSelect('o.destination', 'destination').addSelect('MIN(o.id)', 'first')
          .where('o.postedAt IS NULL').andWhere('o.skippedReason IS NULL').andWhere('t.active = :active', { active: true })
          .groupBy('o.surface').addGroupBy('o.destination')
          .orderBy('MIN(o.id)', 'ASC')
          .limit(limit)
          .getRawMany<{ surface: SurfaceName; destination: string }>();
        return rows.map((r) => ({ surface: r.surface, destination: r.destination }));
      }),

    pendingFor: (surface, destination, receivedBefore, limit) =>
      db.run(async (m) => {
        const rows = await repo(m).createQueryBuilder('o')
          .innerJoinAndSelect('o.thread', 't')
          .innerJoinAndSelect('o.message', 'msg')
          .where('o.surface = :surface', { surface }).andWhere('o.destination = :destination', { destination })
          .andWhere('o.postedAt IS NULL').andWhere('o.skippedReason IS NULL')
          .andWhere('t.active = :active', { active: true })
          .andWhere('msg.receivedAt < :before', { before: receivedBefore })
          .orderBy('t.id', 'ASC').addOrderBy('msg.at', 'ASC').addOrderBy('msg.seq', 'ASC')
          .limit(limit)
          .getMany();
        return rows.map((r) => ({ id: r.id, thread: r.thread!, message: r.message!, attemptKey: r.attemptKey }));
      }),

    // Only rows still pending change: a retried mark keeps the first post id.
    markPosted: async (ids, postId) => {
      if (ids.length === 0) return;
      await db.run((m) => repo(m).createQueryBuilder().update()
        .set({ postId, postedAt: clock.now() })
        .where('id IN (:...ids)', { ids }).andWhere('posted_at IS NULL')
        .execute());
    },

    markAttempt: async (ids, key) => {
      if (ids.length === 0) return;
      await db.run((m) => repo(m).createQueryBuilder().update()
        .set({ attemptKey: key })
        .where('id IN (:...ids)', { ids }).andWhere('posted_at IS NULL')
        .execute());
    },

    markSkipped: async (ids, reason) => {
      if (ids.length === 0) return;
      await db.run((m) => repo(m).createQueryBuilder().update()
        .set({ skippedReason: reason })
        .where('id IN (:...ids)', { ids }).andWhere('posted_at IS NULL')
        .execute());
    },

    postIdOf: (threadId, messageId) =>
      db.run(async (m) => (await repo(m).findOneBy({ threadId, messageId }))?.postId ?? null),

    postedCount: (threadId) =>
      db.run(async (m) => num(await repo(m).createQueryBuilder('o').where('o.threadId = :threadId', { threadId }).andWhere('o.postId IS NOT NULL').getCount())),
  };
}
