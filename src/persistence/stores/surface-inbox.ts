// Surface inbox: each supervisor request stored once by its key before it is acknowledged; the sweeper finds those
// a lost job never worked.
import type { Clock, SurfaceInboxRow, SurfaceInboxStore } from '../../core/ports';
import type { Db } from '../db';
import { E } from '../entities';

export function surfaceInboxStore(db: Db, clock: Clock): SurfaceInboxStore {
  const get = async (id: number) =>
    (
      await db.run((m) =>
        db.rows<SurfaceInboxRow>(m, E.surfaceInbox, 'SELECT * FROM surface_inbox WHERE id = :id', { id }),
      )
    )[0] ?? null;
  return {
    accept: (key, payload) =>
      db.run(async (m) => {
        const [written] = await db.insertPick<{ id: unknown }>(
          m,
          E.surfaceInbox,
          [{ key, payload, receivedAt: clock.now(), processedAt: null, error: null }],
          { conflict: ['key'], returning: ['id'] },
        );
        if (written) return { id: Number(written.id), fresh: true };
        const [row] = await db.sql<{ id: unknown }>(m, 'SELECT id FROM surface_inbox WHERE work_key = :key', { key });
        if (!row) throw new Error(`surface inbox: ${key} conflicted but is not there`);
        return { id: Number(row.id), fresh: false };
      }),
    get,
    markDone: async (id) => {
      await db.run((m) =>
        db.sql(m, 'UPDATE surface_inbox SET processed_at = :at, error = NULL WHERE id = :id', { at: clock.now(), id }),
      );
    },
    markFailed: async (id, error) => {
      await db.run((m) =>
        db.sql(m, 'UPDATE surface_inbox SET processed_at = :at, error = :error WHERE id = :id', {
          at: clock.now(),
          error,
          id,
        }),
      );
    },
    unprocessed: (before, limit) =>
      db.run((m) =>
        db.rows<SurfaceInboxRow>(
          m,
          E.surfaceInbox,
          'SELECT * FROM surface_inbox WHERE processed_at IS NULL AND received_at < :before ORDER BY id LIMIT :limit',
          { before, limit },
        ),
      ),
  };
}
