// refreshes: when a whole list was last replaced from the platform (e.g. "agents").
import { EntitySchema } from 'typeorm';
import { columns, type Dialect } from './columns';

export interface RefreshRow {
  name: string;
  at: Date;
}

export function refreshEntity(d: Dialect) {
  const c = columns(d);
  return new EntitySchema<RefreshRow>({
    name: 'refresh',
    tableName: 'refreshes',
    columns: {
      name: { type: 'text', primary: true, name: 'name' },
      at: c.at('at'),
    },
  });
}
