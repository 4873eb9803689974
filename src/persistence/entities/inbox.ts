// inbox: every inbound event once, by its unique event key.
import { EntitySchema } from 'typeorm';
import type { InboxRow } from '../../core/ports';
import { columns, type Dialect } from './columns';

export type { InboxRow };

export function inboxEntity(d: Dialect) {
  const c = columns(d);
  return new EntitySchema<InboxRow>({
    name: 'inbox',
    tableName: 'inbox',
    columns: {
      id: c.id(),
      key: c.text('event_key'),
      type: c.text('type'),
      payload: c.text('payload'),
      conversationId: c.text('conversation_id', true),
      receivedAt: c.at('received_at'),
      processedAt: c.at('processed_at', true),
      error: c.text('error', true),
    },
    uniques: [{ name: 'uq_inbox_event_key', columns: ['key'] }],
    indices: [{ name: 'ix_inbox_pending', columns: ['processedAt', 'receivedAt'] }],
  });
}
