// The orphaned-chats alert as an Adaptive Card: an agent went Offline or Disabled (or stayed Away) holding open chats.
import type { OrphanAlertView } from '../../../src/core/views';
import { adaptiveCard, textBlock, type AdaptiveCard } from './adaptive';
import { escapeMarkdown, truncate } from './markdown';

export function renderOrphanAlert(alert: OrphanAlertView): AdaptiveCard {
  return adaptiveCard([textBlock(`**Orphaned chats** · ${escapeMarkdown(truncate(alert.text, 1000))}`)], [], `Orphaned chats: ${truncate(alert.text, 200)}`);
}
