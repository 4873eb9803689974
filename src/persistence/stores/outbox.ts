// Outbox: (thread, message) pairs to post, drained per destination in display order; post ids recorded.
import type { EntityManager } from 'typeorm';
import type { SurfaceName } from '../../core/model';
import type { Clock, DrainView, OutboxStore, ShardView } from '../../core/ports';
import { placeKey } from '../../core/store-ports';
import { dbDate, num, type Db } from '../db';
import { E, type MessageRow, type OutboxRow, type ThreadRow } from '../entities';
import { destinationStore } from './destinations';

const repo = (m: EntityManager) => m.getRepository<OutboxRow>(E.outbox);
const CHUNK = 200;
type Pair = { threadId: number; messageId: number };

/**
 * PostgreSQL: one statement per chunk. Each row takes its thread's surface and destination, and nothing is
 * written when a thread is unknown (then it throws), so no transaction is needed around it.
 */
async function enqueueOnPostgres(db: Db, clock: Clock, pairs: Pair[]): Promise<number> {
  // Several chunks (a long history) are still all or nothing.
  if (pairs.length > CHUNK && !db.inTransaction) return db.atomic((_m, tx) => enqueueOnPostgres(tx, clock, pairs));
  let inserted = 0;
  for (let i = 0; i < pairs.length; i += CHUNK) {
    const chunk = pairs.slice(i, i + CHUNK);
    const params: Record<string, unknown> = { now: clock.now() };
    const values = chunk.map((p, j) => {
      params[`t${j}`] = p.threadId;
      params[`m${j}`] = p.messageId;
      return `(CAST(:t${j} AS integer), CAST(:m${j} AS integer))`;
    });
    const [r] = await db.run((m) =>
      db.sql<{ inserted: unknown; missing: string | null }>(
        m,
        `
      WITH v (thread_id, message_id) AS (VALUES ${values.join(', ')}),
      missing AS (SELECT v.thread_id FROM v LEFT JOIN threads t ON t.id = v.thread_id WHERE t.id IS NULL),
      ins AS (
        INSERT INTO outbox (thread_id, message_id, surface, destination, created_at)
        SELECT v.thread_id, v.message_id, t.surface, t.destination, CAST(:now AS timestamptz)
        FROM v INNER JOIN threads t ON t.id = v.thread_id
        WHERE NOT EXISTS (SELECT 1 FROM missing)
        ON CONFLICT (thread_id, message_id) DO NOTHING
        RETURNING 1
      )
      SELECT (SELECT COUNT(*) FROM ins) AS inserted, (SELECT string_agg(CAST(thread_id AS text), ', ') FROM missing) AS missing`,
        params,
      ),
    );
    if (r?.missing) throw new Error(`outbox: unknown thread ${r.missing}`);
    inserted += num(r?.inserted);
  }
  return inserted;
}

function enqueueOnSqlite(db: Db, clock: Clock, pairs: Pair[]): Promise<number> {
  return db.atomic(async (m, tx) => {
    const threadIds = [...new Set(pairs.map((p) => p.threadId))];
    const threads = new Map(
      (await m.getRepository<ThreadRow>(E.thread).findBy(threadIds.map((id) => ({ id })))).map((t) => [t.id, t]),
    );
    const missing = threadIds.filter((id) => !threads.has(id));
    if (missing.length) throw new Error(`outbox: unknown thread ${missing.join(', ')}`);
    const now = clock.now();
    let inserted = 0;
    for (let i = 0; i < pairs.length; i += CHUNK) {
      const values = pairs.slice(i, i + CHUNK).map((p) => {
        const t = threads.get(p.threadId)!;
        return {
          threadId: p.threadId,
          messageId: p.messageId,
          surface: t.surface,
          destination: t.destination,
          postId: null,
          postedAt: null,
          attemptKey: null,
          skippedReason: null,
          final: false,
          createdAt: now,
        };
      });
      inserted += (await tx.insert(m, E.outbox, values, { conflict: ['threadId', 'messageId'], returning: 'id' }))
        .length;
    }
    return inserted;
  });
}

const FAR_FUTURE = new Date(8.64e15);

/**
 * Unposted rows of active threads (and closing notes of ended ones) in a destination, per thread in display order; with each row, since when an event
 * of its chat has been accepted but not applied, and the destination's next post time (one statement).
 */
async function drainRead(
  db: Db,
  surface: SurfaceName,
  destination: string,
  receivedBefore: Date,
  limit: number,
): Promise<DrainView> {
  const rows = await db.run((m) =>
    db.sql(
      m,
      `
    SELECT o.id AS o_id, o.attempt_key AS o_attempt_key, ${db.selectList(E.thread, 't', 't_')}, ${db.selectList(E.message, 'msg', 'm_')},
      (SELECT MIN(i.received_at) FROM inbox i WHERE i.conversation_id = msg.conversation_id AND i.processed_at IS NULL) AS x_applying,
      (SELECT d.next_post_at FROM destinations d WHERE d.surface = :surface AND d.destination = :destination) AS x_next_post_at
    FROM outbox o
    INNER JOIN threads t ON t.id = o.thread_id
    INNER JOIN messages msg ON msg.id = o.message_id
    WHERE o.surface = :surface AND o.destination = :destination AND o.posted_at IS NULL AND o.skipped_reason IS NULL
      AND (t.active = :active OR o.final = :active) AND msg.received_at < :before
    ORDER BY t.id ASC, msg.at ASC, msg.seq ASC
    LIMIT ${Math.max(1, Math.floor(limit))}`,
      { surface, destination, active: true, before: receivedBefore },
    ),
  );
  const applying = new Map<string, Date>();
  const items = rows.map((r) => {
    const message = db.hydrate<MessageRow>(E.message, r, 'm_');
    const since = dbDate(r.x_applying);
    if (since) applying.set(message.conversationId, since);
    return {
      id: num(r.o_id),
      thread: db.hydrate<ThreadRow>(E.thread, r, 't_'),
      message,
      attemptKey: (r.o_attempt_key as string | null) ?? null,
    };
  });
  return { items, applying, nextPostAt: rows.length ? dbDate(rows[0].x_next_post_at) : null };
}

/**
 * A shard's waiting lines: the pending rows (ix_outbox_pending) of threads whose destination hashes to the shard, at
 * most `perDestination` per destination (so one busy channel cannot crowd the others out of the read), with the
 * unapplied events of their chats and each destination's pacing.
 */
async function shardRead(db: Db, shard: { index: number; of: number }, perDestination: number): Promise<ShardView> {
  const rows = await db.run((m) =>
    db.sql(
      m,
      `
    SELECT * FROM (
      SELECT o.id AS o_id, o.attempt_key AS o_attempt_key, ${db.selectList(E.thread, 't', 't_')}, ${db.selectList(E.message, 'msg', 'm_')},
        (SELECT MIN(i.received_at) FROM inbox i WHERE i.conversation_id = msg.conversation_id AND i.processed_at IS NULL) AS x_applying,
        (SELECT d.next_post_at FROM destinations d WHERE d.surface = o.surface AND d.destination = o.destination) AS x_next_post_at,
        ROW_NUMBER() OVER (PARTITION BY o.surface, o.destination ORDER BY t.id, msg.at, msg.seq) AS x_rank
      FROM outbox o
      INNER JOIN threads t ON t.id = o.thread_id
      INNER JOIN messages msg ON msg.id = o.message_id
      WHERE o.posted_at IS NULL AND o.skipped_reason IS NULL AND (t.active = :active OR o.final = :active)
        AND t.drain_hash % CAST(:of AS integer) = CAST(:index AS integer)
    ) x
    WHERE x.x_rank <= CAST(:per AS integer)
    ORDER BY x.x_rank
    LIMIT 5000`,
      { active: true, of: shard.of, index: shard.index, per: Math.max(1, Math.floor(perDestination)) },
    ),
  );
  const applying = new Map<string, Date>();
  const nextPostAt = new Map<string, Date>();
  const items = rows.map((r) => {
    const message = db.hydrate<MessageRow>(E.message, r, 'm_');
    const thread = db.hydrate<ThreadRow>(E.thread, r, 't_');
    const since = dbDate(r.x_applying);
    if (since) applying.set(message.conversationId, since);
    const next = dbDate(r.x_next_post_at);
    if (next) nextPostAt.set(placeKey(thread.surface, thread.destination), next);
    return { id: num(r.o_id), thread, message, attemptKey: (r.o_attempt_key as string | null) ?? null };
  });
  return { items, applying, nextPostAt };
}

export function outboxStore(db: Db, clock: Clock): OutboxStore {
  return {
    enqueue: (rows) => {
      const pairs = [...new Map(rows.map((r) => [`${r.threadId}:${r.messageId}`, r])).values()];
      if (pairs.length === 0) return Promise.resolve(0);
      return db.dialect === 'postgres' ? enqueueOnPostgres(db, clock, pairs) : enqueueOnSqlite(db, clock, pairs);
    },

    lagByDestination: (limit) =>
      db.run(async (m) => {
        const rows = await repo(m)
          .createQueryBuilder('o')
          .innerJoin('o.thread', 't')
          .innerJoin('o.message', 'msg')
          .select('o.surface', 'surface')
          .addSelect('o.destination', 'destination')
          .addSelect('MIN(msg.receivedAt)', 'oldest')
          .where('o.postedAt IS NULL')
          .andWhere('o.skippedReason IS NULL')
          .andWhere('(t.active = :active OR o.final = :active)', { active: true })
          .groupBy('o.surface')
          .addGroupBy('o.destination')
          .orderBy('MIN(msg.receivedAt)', 'ASC')
          .limit(limit)
          .getRawMany<{ surface: SurfaceName; destination: string; oldest: unknown }>();
        return rows.map((r) => ({ surface: r.surface, destination: r.destination, oldest: dbDate(r.oldest)! }));
      }),

    // Oldest waiting destination first, so a busy one cannot starve the others.
    pendingDestinations: (limit, queuedBefore) =>
      db.run(async (m) => {
        const q = repo(m)
          .createQueryBuilder('o')
          .innerJoin('o.thread', 't')
          .select('o.surface', 'surface')
          .addSelect('o.destination', 'destination')
          .addSelect('MIN(o.id)', 'first')
          .where('o.postedAt IS NULL')
          .andWhere('o.skippedReason IS NULL')
          .andWhere('(t.active = :active OR o.final = :active)', { active: true });
        if (queuedBefore) q.andWhere('o.createdAt < :queuedBefore', { queuedBefore });
        const rows = await q
          .groupBy('o.surface')
          .addGroupBy('o.destination')
          .orderBy('MIN(o.id)', 'ASC')
          .limit(limit)
          .getRawMany<{ surface: SurfaceName; destination: string }>();
        return rows.map((r) => ({ surface: r.surface, destination: r.destination }));
      }),

    pendingFor: async (surface, destination, receivedBefore, limit) =>
      (await drainRead(db, surface, destination, receivedBefore, limit)).items,

    // The drain's read, once per post: pending lines, unapplied events of their chats and the pacing state at once.
    drainView: (surface, destination, limit) => drainRead(db, surface, destination, FAR_FUTURE, limit),

    // Only rows still pending change: a retried mark keeps the first post id. With pacing, the destination's next
    // post time is recorded too (PostgreSQL: in the same statement).
    markPosted: async (ids, postId, pacing) => {
      const at = clock.now();
      if (pacing && db.dialect === 'postgres') {
        await db.run((m) =>
          db.sql(
            m,
            `
          WITH posted AS (UPDATE outbox SET post_id = :postId, posted_at = :at WHERE id IN (:...ids) AND posted_at IS NULL RETURNING 1)
          INSERT INTO destinations (surface, destination, next_post_at) VALUES (:surface, :destination, :next)
          ON CONFLICT (surface, destination) DO UPDATE SET next_post_at = excluded.next_post_at`,
            { postId, at, ids: ids.length ? ids : [0], ...pacing, next: pacing.nextPostAt },
          ),
        );
        return;
      }
      if (ids.length)
        await db.run((m) =>
          db.sql(
            m,
            'UPDATE outbox SET post_id = :postId, posted_at = :at WHERE id IN (:...ids) AND posted_at IS NULL',
            { postId, at, ids },
          ),
        );
      if (pacing) await destinationStore(db).setNextPostAt(pacing.surface, pacing.destination, pacing.nextPostAt);
    },

    shardView: (shard, perDestination) => shardRead(db, shard, perDestination),

    markAttempts: async (attempts) => {
      const ids = attempts.flatMap((a) => a.ids);
      if (!ids.length) return;
      if (db.dialect === 'postgres') {
        await db.run((m) =>
          db.sql(
            m,
            `
          UPDATE outbox o SET attempt_key = v.k
          FROM (SELECT UNNEST(CAST(:ids AS integer[])) AS id, UNNEST(CAST(:keys AS text[])) AS k) v
          WHERE o.id = v.id AND o.id = ANY(CAST(:ids AS integer[])) AND o.posted_at IS NULL`,
            { ids, keys: attempts.flatMap((a) => a.ids.map(() => a.key)) },
          ),
        );
        return;
      }
      await db.atomic(async (m, tx) => {
        for (const a of attempts)
          if (a.ids.length)
            await tx.sql(m, 'UPDATE outbox SET attempt_key = :key WHERE id IN (:...ids) AND posted_at IS NULL', {
              key: a.key,
              ids: a.ids,
            });
      });
    },

    // Several posts and their destinations' pacing; PostgreSQL in one statement.
    markPostedMany: async (posts, pacing) => {
      const at = clock.now();
      const ids = posts.flatMap((p) => p.ids);
      if (db.dialect === 'postgres') {
        if (!ids.length && !pacing.length) return;
        await db.run((m) =>
          db.sql(
            m,
            `
          WITH posted AS (
            UPDATE outbox o SET post_id = v.p, posted_at = CAST(:at AS timestamptz)
            FROM (SELECT UNNEST(CAST(:ids AS integer[])) AS id, UNNEST(CAST(:postIds AS text[])) AS p) v
            WHERE o.id = v.id AND o.id = ANY(CAST(:ids AS integer[])) AND o.posted_at IS NULL RETURNING 1),
          paced AS (
            INSERT INTO destinations (surface, destination, next_post_at)
            SELECT * FROM UNNEST(CAST(:surfaces AS text[]), CAST(:destinations AS text[]), CAST(:nexts AS timestamptz[]))
            ON CONFLICT (surface, destination) DO UPDATE SET next_post_at = excluded.next_post_at RETURNING 1)
          SELECT (SELECT COUNT(*) FROM posted) AS posted, (SELECT COUNT(*) FROM paced) AS paced`,
            {
              at,
              ids,
              postIds: posts.flatMap((p) => p.ids.map(() => p.postId)),
              surfaces: pacing.map((p) => p.surface),
              destinations: pacing.map((p) => p.destination),
              nexts: pacing.map((p) => p.nextPostAt.toISOString()),
            },
          ),
        );
        return;
      }
      await db.atomic(async (m, tx) => {
        for (const p of posts) {
          if (p.ids.length)
            await tx.sql(
              m,
              'UPDATE outbox SET post_id = :postId, posted_at = :at WHERE id IN (:...ids) AND posted_at IS NULL',
              { postId: p.postId, at, ids: p.ids },
            );
        }
        const places = destinationStore(tx);
        for (const p of pacing) await places.setNextPostAt(p.surface, p.destination, p.nextPostAt);
      });
    },

    revive: async (threadId, messageIds) => {
      if (messageIds.length === 0) return 0;
      const r = await db.run((m) =>
        repo(m)
          .createQueryBuilder()
          .update()
          .set({ skippedReason: null })
          .where('thread_id = :threadId', { threadId })
          .andWhere('message_id IN (:...messageIds)', { messageIds })
          .andWhere('posted_at IS NULL')
          .andWhere('skipped_reason IS NOT NULL')
          .andWhere('final = :no', { no: false })
          .execute(),
      );
      return r.affected ?? 0;
    },

    markAttempt: async (ids, key) => {
      if (ids.length === 0) return;
      await db.run((m) =>
        db.sql(m, 'UPDATE outbox SET attempt_key = :key WHERE id IN (:...ids) AND posted_at IS NULL', { key, ids }),
      );
    },

    markSkipped: async (ids, reason) => {
      if (ids.length === 0) return;
      await db.run((m) =>
        repo(m)
          .createQueryBuilder()
          .update()
          .set({ skippedReason: reason })
          .where('id IN (:...ids)', { ids })
          .andWhere('posted_at IS NULL')
          .execute(),
      );
    },

    lastPostId: (threadId) =>
      db.run(
        async (m) =>
          (
            await repo(m)
              .createQueryBuilder('o')
              .where('o.threadId = :threadId', { threadId })
              .andWhere('o.postId IS NOT NULL')
              .orderBy('o.postedAt', 'DESC')
              .addOrderBy('o.id', 'DESC')
              .getOne()
          )?.postId ?? null,
      ),

    postIdOf: (threadId, messageId) =>
      db.run(async (m) => (await repo(m).findOneBy({ threadId, messageId }))?.postId ?? null),

    postedCount: (threadId) =>
      db.run(async (m) =>
        num(
          await repo(m)
            .createQueryBuilder('o')
            .where('o.threadId = :threadId', { threadId })
            .andWhere('o.postId IS NOT NULL')
            .getCount(),
        ),
      ),
  };
}
