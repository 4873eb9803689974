// audit_log: who did what to which chat, when.
import { EntitySchema } from 'typeorm';
import type { AuditEntry } from '../../core/ports';
import { columns, type Dialect } from './columns';

export type AuditRow = AuditEntry;

export function auditEntity(d: Dialect) {
  const c = columns(d);
  return new EntitySchema<AuditRow>({
    name: 'audit',
    tableName: 'audit_log',
    columns: {
      id: c.id(),
      actor: c.text('actor'),
      action: c.text('action'),
      chatId: c.int('chat_id', true),
      detail: c.text('detail'),
      at: c.at('at'),
    },
    indices: [{ name: 'ix_audit_at', columns: ['at'] }],
  });
}
