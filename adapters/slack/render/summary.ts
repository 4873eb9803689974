// A chat's summary: two to five points, each ending with the time of the line it rests on, linked to it when possible.
import type { SummaryView } from '../../../src/core/views';
import { section, type Message } from './blocks';
import { escapeMrkdwn, fallback } from './mrkdwn';

export function renderSummary(summary: SummaryView): Message {
  const text = summary.points.map((p) => `• ${escapeMrkdwn(p.text)}`).join('\n');
  return { text: fallback(`Summary of ${summary.ref}`), blocks: [section(`*Summary of ${escapeMrkdwn(summary.ref)}*\n${text}`)] };
}
