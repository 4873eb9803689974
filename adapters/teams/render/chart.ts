// A list reply's chart in Teams: an Image element under the table (served from our /charts/<token>.png), or a note.
// Not a data: URI: the PNG (~100 KB) alone is far over the 28 KB a message may weigh (activity.ts).
import { CARD_BYTES_MAX, jsonBytes } from './activity';
import { subtle, type AdaptiveCard } from './adaptive';
import { escapeMarkdown } from './markdown';

/** A screen reader reads all of it; the card's byte budget is shared with the table. */
const ALT_MAX = 500;

/** The card with the image appended; a card already at its size budget gets the alt text shortened to the title. */
export function withChartImage(card: AdaptiveCard, url: string, alt: string, title: string): AdaptiveCard {
  const build = (altText: string): AdaptiveCard => ({
    ...card,
    body: [...card.body, { type: 'Image', url, altText, size: 'Stretch', spacing: 'Medium' }],
  });
  const full = build(alt.length > ALT_MAX ? `${alt.slice(0, ALT_MAX - 1)}…` : alt);
  if (jsonBytes(full) <= CARD_BYTES_MAX) return full;
  const short = build(title.slice(0, 150));
  return jsonBytes(short) <= CARD_BYTES_MAX ? short : withChartNote(card, 'The chart did not fit on this card.');
}

export function withChartNote(card: AdaptiveCard, note: string): AdaptiveCard {
  return { ...card, body: [...card.body, subtle(`📈 ${escapeMarkdown(note)}`)] };
}
