// alerts and alert_posts: raised alerts, who claimed them, and the posts that show them.
import { EntitySchema } from 'typeorm';
import type { Alert, SurfaceName } from '../../core/model';
import { columns, type Dialect } from './columns';

/** A stored alert is exactly the domain's Alert. */
export type AlertRow = Alert;

export interface AlertPostRow {
  id: number;
  alertId: number;
  surface: SurfaceName;
  destination: string;
  postId: string;
}

export function alertEntity(d: Dialect) {
  const c = columns(d);
  return new EntitySchema<AlertRow>({
    name: 'alert',
    tableName: 'alerts',
    columns: {
      id: c.id(),
      chatId: c.int('chat_id'),
      kind: c.text('kind'),
      text: c.text('text'),
      score: c.real('score', true),
      raisedAt: c.at('raised_at'),
      claimedBy: c.text('claimed_by', true),
      claimedAt: c.at('claimed_at', true),
      agentEmail: c.text('agent_email', true),
      businessUnit: c.text('business_unit', true),
      summary: c.json('summary', true),
    },
  });
}

export function alertPostEntity(d: Dialect) {
  const c = columns(d);
  return new EntitySchema<AlertPostRow>({
    name: 'alertPost',
    tableName: 'alert_posts',
    columns: {
      id: c.id(),
      alertId: c.int('alert_id'),
      surface: c.text('surface'),
      destination: c.text('destination'),
      postId: c.text('post_id'),
    },
    uniques: [{ name: 'uq_alert_posts', columns: ['alertId', 'surface', 'destination'] }],
  });
}
