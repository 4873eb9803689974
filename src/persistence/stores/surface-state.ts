// Surface state: small keyed records a surface keeps for itself; expired ones read as missing.
import type { Clock, SurfaceStateStore } from '../../core/ports';
import type { Db } from '../db';
import { E, type SurfaceStateRow } from '../entities';

export function surfaceStateStore(db: Db, clock: Clock): SurfaceStateStore {
  const live = (row: { expiresAt: Date | null } | null | undefined) =>
    !!row && (!row.expiresAt || row.expiresAt > clock.now());
  return {
    get: (surface, key) =>
      db.run(async (m) => {
        const row = await m.getRepository<SurfaceStateRow>(E.surfaceState).findOneBy({ surface, key });
        return live(row) ? row!.value : null;
      }),
    put: async (surface, key, value, expiresAt = null) => {
      await db.run((m) =>
        db.insert(m, E.surfaceState, [{ surface, key, value, expiresAt, updatedAt: clock.now() }], {
          conflict: ['surface', 'key'],
          update: ['value', 'expiresAt', 'updatedAt'],
          returning: 'id',
        }),
      );
    },
    // Read, then delete by id: of two concurrent takers only the one whose delete hits a row gets the value.
    take: (surface, key) =>
      db.run(async (m) => {
        const repo = m.getRepository<SurfaceStateRow>(E.surfaceState);
        const row = await repo.findOneBy({ surface, key });
        if (!row) return null;
        const { affected } = await repo.delete({ id: row.id });
        return affected && live(row) ? row.value : null;
      }),
    remove: async (surface, key) => {
      await db.run((m) => m.getRepository<SurfaceStateRow>(E.surfaceState).delete({ surface, key }));
    },
  };
}
