// identities: cached surface user → email lookups.
import { EntitySchema } from 'typeorm';
import type { SurfaceName } from '../../core/model';
import { columns, type Dialect } from './columns';

export interface IdentityRow {
  id: number;
  surface: SurfaceName;
  userId: string;
  email: string | null;
  cachedAt: Date;
}

export function identityEntity(d: Dialect) {
  const c = columns(d);
  return new EntitySchema<IdentityRow>({
    name: 'identity',
    tableName: 'identities',
    columns: {
      id: c.id(),
      surface: c.text('surface'),
      userId: c.text('user_id'),
      email: c.text('email', true),
      cachedAt: c.at('cached_at'),
    },
    uniques: [{ name: 'uq_identities_user', columns: ['surface', 'userId'] }],
  });
}
