// The orphaned-chats alert: an agent went Offline or Disabled (or stayed Away) holding open chats of a unit.
import type { OrphanAlertView } from '../../../src/core/views';
import { section, type Message } from './blocks';
import { escapeMrkdwn, fallback } from './mrkdwn';

export function renderOrphanAlert(alert: OrphanAlertView): Message {
  return { text: fallback(`Orphaned chats · ${alert.agent.name}: ${alert.text}`), blocks: [section(`*Orphaned chats* · ${escapeMrkdwn(alert.text)}`)] };
}
