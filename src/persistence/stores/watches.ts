// Watches: destinations mirroring a business unit; BU names match case-insensitively.
import type { EntityManager } from 'typeorm';
import type { Clock, WatchStore } from '../../core/ports';
import type { Db } from '../db';
import { E, type WatchRow } from '../entities';

const repo = (m: EntityManager) => m.getRepository<WatchRow>(E.watch);

export function watchStore(db: Db, clock: Clock): WatchStore {
  const findOn = (m: EntityManager, surface: string, destination: string, businessUnit: string) =>
    repo(m)
      .createQueryBuilder('w')
      .where('w.surface = :surface', { surface })
      .andWhere('w.destination = :destination', { destination })
      .andWhere('LOWER(w.businessUnit) = :bu', { bu: businessUnit.toLowerCase() })
      .orderBy('w.id', 'ASC')
      .getOne();

  return {
    add: (w) =>
      db.atomic(async (m, tx) => {
        const existing = await findOn(m, w.surface, w.destination, w.businessUnit);
        if (existing) return { watch: existing, created: false };
        const [id] = await tx.insert<number>(m, E.watch, [{ ...w, createdAt: clock.now() }], {
          conflict: ['surface', 'destination', 'businessUnit'],
          returning: 'id',
        });
        const watch = await findOn(m, w.surface, w.destination, w.businessUnit);
        return { watch: watch!, created: id !== undefined };
      }),

    remove: (surface, destination, businessUnit) =>
      db.run(async (m) => {
        const result = await repo(m)
          .createQueryBuilder()
          .delete()
          .where('surface = :surface', { surface })
          .andWhere('destination = :destination', { destination })
          .andWhere('LOWER(business_unit) = :bu', { bu: businessUnit.toLowerCase() })
          .execute();
        return (result.affected ?? 0) > 0;
      }),

    forBusinessUnit: (businessUnit) =>
      db.run((m) =>
        repo(m)
          .createQueryBuilder('w')
          .where('LOWER(w.businessUnit) = :bu', { bu: businessUnit.toLowerCase() })
          .orderBy('w.id', 'ASC')
          .getMany(),
      ),

    list: (surface, destination) =>
      db.run((m) => {
        const qb = repo(m).createQueryBuilder('w');
        if (surface) qb.andWhere('w.surface = :surface', { surface });
        if (destination) qb.andWhere('w.destination = :destination', { destination });
        return qb.orderBy('w.id', 'ASC').getMany();
      }),
  };
}
