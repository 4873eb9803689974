// agents: the platform's agents as last fetched; arrays live in JSON text columns.
import { EntitySchema } from 'typeorm';
import type { Agent } from '../../core/model';
import { columns, type Dialect } from './columns';

export interface AgentRow extends Agent {
  refreshedAt: Date;
}

export function agentEntity(d: Dialect) {
  const c = columns(d);
  return new EntitySchema<AgentRow>({
    name: 'agent',
    tableName: 'agents',
    columns: {
      email: { type: 'text', primary: true, name: 'email' },
      name: c.text('name'),
      businessUnits: c.json('business_units'),
      permissions: c.json('permissions'),
      status: c.text('status'),
      selfStatus: c.text('self_status', true),
      openChats: c.int('open_chats'),
      maxChats: c.int('max_chats'),
      refreshedAt: c.at('refreshed_at'),
    },
  });
}
