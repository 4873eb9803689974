// surface_state: a surface's own small records by key (Teams conversation references, download tokens).
import { EntitySchema } from 'typeorm';
import type { SurfaceName } from '../../core/model';
import { columns, type Dialect } from './columns';

export interface SurfaceStateRow {
  id: number;
  surface: SurfaceName;
  key: string;
  value: string;
  expiresAt: Date | null;
  updatedAt: Date;
}

export function surfaceStateEntity(d: Dialect) {
  const c = columns(d);
  return new EntitySchema<SurfaceStateRow>({
    name: 'surfaceState',
    tableName: 'surface_state',
    columns: {
      id: c.id(),
      surface: c.text('surface'),
      key: c.text('key'),
      value: c.text('value'),
      expiresAt: c.at('expires_at', true),
      updatedAt: c.at('updated_at'),
    },
    uniques: [{ name: 'uq_surface_state_key', columns: ['surface', 'key'] }],
  });
}
