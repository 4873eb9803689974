// destinations: pacing state per surface destination (when the next post may go out).
import { EntitySchema } from 'typeorm';
import type { SurfaceName } from '../../core/model';
import { columns, type Dialect } from './columns';

export interface DestinationRow {
  id: number;
  surface: SurfaceName;
  destination: string;
  nextPostAt: Date;
}

export function destinationEntity(d: Dialect) {
  const c = columns(d);
  return new EntitySchema<DestinationRow>({
    name: 'destination',
    tableName: 'destinations',
    columns: {
      id: c.id(),
      surface: c.text('surface'),
      destination: c.text('destination'),
      nextPostAt: c.at('next_post_at'),
    },
    uniques: [{ name: 'uq_destinations_place', columns: ['surface', 'destination'] }],
  });
}
