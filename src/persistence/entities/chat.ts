// chats: the platform snapshot of each chat plus our state and scores. The ref ("C-" + (1000 + id)) is derived.
import { EntitySchema } from 'typeorm';
import type { Chat } from '../../core/model';
import { columns, type Dialect } from './columns';

export interface ChatRow extends Omit<Chat, 'ref'> {
  /** Convrs's time of the assignment (agent, unit) we hold; an older assignment event is not applied over it. */
  assignedAt: Date | null;
  /** Convrs's time of the feedback we hold; likewise. */
  thumbsAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export function chatEntity(d: Dialect) {
  const c = columns(d);
  return new EntitySchema<ChatRow>({
    name: 'chat',
    tableName: 'chats',
    columns: {
      id: c.id(),
      conversationId: c.text('conversation_id'),
      uid: c.text('uid'),
      channel: c.text('channel'),
      customerName: c.text('customer_name'),
      customerCountry: c.text('customer_country', true),
      businessUnit: c.text('business_unit'),
      agentEmail: c.text('agent_email', true),
      agentName: c.text('agent_name', true),
      status: c.text('status'),
      startedAt: c.at('started_at'),
      lastActivityAt: c.at('last_activity_at'),
      closedAt: c.at('closed_at', true),
      thumbs: c.text('thumbs', true),
      state: c.text('state'),
      inactive: c.bool('inactive'),
      sentimentScore: c.real('sentiment_score', true),
      sentimentLabel: c.text('sentiment_label', true),
      sentimentSource: c.text('sentiment_source', true),
      sentimentAt: c.at('sentiment_at', true),
      csat: c.real('csat', true),
      csatReason: c.text('csat_reason', true),
      csatSource: c.text('csat_source', true),
      csatAt: c.at('csat_at', true),
      csatBlind: c.real('csat_blind', true),
      assignedAt: c.at('assigned_at', true),
      thumbsAt: c.at('thumbs_at', true),
      createdAt: c.at('created_at'),
      updatedAt: c.at('updated_at'),
    },
    uniques: [{ name: 'uq_chats_conversation', columns: ['conversationId'] }],
    indices: [
      { name: 'ix_chats_status', columns: ['status'] },
      { name: 'ix_chats_started', columns: ['startedAt'] },
    ],
  });
}
