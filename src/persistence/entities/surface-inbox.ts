// surface_inbox: every request from a supervisor surface once, by the platform's own id for it.
import { EntitySchema } from 'typeorm';
import type { SurfaceInboxRow } from '../../core/store-ports';
import { columns, type Dialect } from './columns';

export type { SurfaceInboxRow };

export function surfaceInboxEntity(d: Dialect) {
  const c = columns(d);
  return new EntitySchema<SurfaceInboxRow>({
    name: 'surfaceInbox',
    tableName: 'surface_inbox',
    columns: {
      id: c.id(),
      key: c.text('work_key'),
      payload: c.text('payload'),
      receivedAt: c.at('received_at'),
      processedAt: c.at('processed_at', true),
      error: c.text('error', true),
    },
    uniques: [{ name: 'uq_surface_inbox_key', columns: ['key'] }],
    indices: [{ name: 'ix_surface_inbox_pending', columns: ['processedAt', 'receivedAt'] }],
  });
}
