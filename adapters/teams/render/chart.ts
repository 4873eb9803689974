// A list reply's chart in Teams: an Image element under the table (served from our /charts/<token>.png), or a note.
// Not a data: URI: the PNG (~100 KB) alone is far over the 28 KB a message may weigh (activity.ts).
import { CARD_BYTES_MAX, jsonBytes } from './activity';
import { subtle, type AdaptiveCard } from './adaptive';
import { escapeMarkdown } from './markdown';

/** A screen reader reads all of it; the card's byte budget is shared with the table. */
const ALT_MAX = 500;

/**
 * The card with the image appended; a card already near its size budget gets the alt text shortened to the title,
 * then a note instead of the image, then the table alone.
 */
export function withChartImage(card: AdaptiveCard, url: string, alt: string, title: string): AdaptiveCard {
  const build = (altText: string): AdaptiveCard => ({
    ...card,
    body: [...card.body, { type: 'Image', url, altText, size: 'Stretch', spacing: 'Medium' }],
  });
  const choices = [
    () => build(alt.length > ALT_MAX ? `${alt.slice(0, ALT_MAX - 1)}…` : alt),
    () => build(title.slice(0, 150)),
    () => withChartNote(card, 'The chart did not fit on this card.'),
  ];
  for (const choice of choices) {
    const c = choice();
    if (jsonBytes(c) <= CARD_BYTES_MAX) return c;
  }
  return card;
}

export function withChartNote(card: AdaptiveCard, note: string): AdaptiveCard {
  return { ...card, body: [...card.body, subtle(`📈 ${escapeMarkdown(note)}`)] };
}
