// watches: a destination that mirrors every chat of a business unit.
import { EntitySchema } from 'typeorm';
import type { Watch } from '../../core/model';
import { columns, type Dialect } from './columns';

export type WatchRow = Watch;

export function watchEntity(d: Dialect) {
  const c = columns(d);
  return new EntitySchema<WatchRow>({
    name: 'watch',
    tableName: 'watches',
    columns: {
      id: c.id(),
      surface: c.text('surface'),
      destination: c.text('destination'),
      businessUnit: c.text('business_unit'),
      createdBy: c.text('created_by'),
      createdAt: c.at('created_at'),
    },
    uniques: [{ name: 'uq_watches_place_bu', columns: ['surface', 'destination', 'businessUnit'] }],
  });
}
