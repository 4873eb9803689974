// Terminal rendering of the orphaned-chats alert: an agent went Offline or Disabled (or stayed Away) holding open chats.
import type { OrphanAlertView } from '../../src/core/views';
import { PLAIN, paint, type RenderOptions } from './render-style';

export function renderOrphanAlert(a: OrphanAlertView, o: RenderOptions = PLAIN): string {
  return `${paint(o, 'yellow', '🧳 Orphaned chats')} · ${a.text}`;
}
