// The activities the Teams surface sends (a card, or a markdown text) and the size budget every renderer keeps to.
import type { Activity } from 'botbuilder';
import type { AdaptiveCard } from './adaptive';

/**
 * The most a message we send may weigh, as serialized JSON in UTF-8. Microsoft documents 100 KB for bot messages
 * (counted in UTF-16, 80 KB advised) and about 28 KB where Teams messages are posted by connectors and workflows;
 * we keep to the stricter figure, which is under the advised one in UTF-16 too (at most 2 bytes per UTF-8 byte).
 */
export const ACTIVITY_BYTES_MAX = 28 * 1024;
/** What may wrap a card or text: the activity fields, and createConversation's bot, channel and tenant. */
export const ENVELOPE_BYTES_MAX = 4 * 1024;
/** The budget of one card, and of one message's text. */
export const CARD_BYTES_MAX = ACTIVITY_BYTES_MAX - ENVELOPE_BYTES_MAX;
export const MESSAGE_TEXT_BYTES_MAX = ACTIVITY_BYTES_MAX - ENVELOPE_BYTES_MAX;

/** Size as sent: JSON escapes (a markdown escape's backslash doubles) and UTF-8 both count. */
export const jsonBytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value));

export const cardActivity = (card: AdaptiveCard, text?: string): Partial<Activity> => ({
  type: 'message',
  ...(text ? { text } : {}),
  attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }],
});

export const textActivity = (text: string): Partial<Activity> => ({ type: 'message', text, textFormat: 'markdown' });

/** The largest n in 0..max with fits(n), for a size that grows with n (binary search: the whole list is tried once). */
export function largestFitting(max: number, fits: (n: number) => boolean): number {
  if (fits(max)) return max;
  let [lo, hi] = [0, max];
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (fits(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** "Showing 120 of 230 agents", for a list cut to fit. */
export const showingOf = (shown: number, total: number, what: string): string => `Showing ${shown} of ${total} ${what}`;
