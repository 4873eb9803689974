// Destinations: pacing state, i.e. when the next post into a destination may go out.
import type { DestinationStore } from '../../core/ports';
import type { Db } from '../db';
import { E, type DestinationRow } from '../entities';

export function destinationStore(db: Db): DestinationStore {
  return {
    nextPostAt: (surface, destination) =>
      db.run(
        async (m) =>
          (
            await db.rows<DestinationRow>(
              m,
              E.destination,
              'SELECT * FROM destinations WHERE surface = :surface AND destination = :destination',
              { surface, destination },
            )
          )[0]?.nextPostAt ?? null,
      ),
    setNextPostAt: async (surface, destination, at) => {
      await db.run((m) =>
        db.insert(m, E.destination, [{ surface, destination, nextPostAt: at }], {
          conflict: ['surface', 'destination'],
          update: ['nextPostAt'],
          returning: 'id',
        }),
      );
    },
  };
}
