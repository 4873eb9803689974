// A chat's summary as an Adaptive Card: two to five points, each ending with the time of the line it rests on, that
// time a link to the line where the thread has one (channel threads; a personal chat's lines live on one card).
import type { SummaryPointView, SummaryView } from '../../../src/core/views';
import { adaptiveCard, heading, subtle, textBlock, type AdaptiveCard, type TextBlock } from './adaptive';
import { escapeMarkdown, link, truncate } from './markdown';

/** The use case ends each point with its line's time, "(14:02)": that time becomes the link to the line. */
const TIME_AT_END = /^([\s\S]*) \((\d\d:\d\d)\)$/;
/** A point is a glance; the card stays far below Teams' size limit whatever the text. */
const POINT_MAX = 600;

function pointText(p: SummaryPointView): string {
  const m = TIME_AT_END.exec(p.text);
  if (!m) return `${escapeMarkdown(truncate(p.text, POINT_MAX))}${p.link ? ` (${link(p.link, 'line')})` : ''}`;
  return `${escapeMarkdown(truncate(m[1], POINT_MAX))} (${p.link ? link(p.link, m[2]) : m[2]})`;
}

/** One TextBlock per point, as a bullet (the markdown list marker is ours; the point's own text is escaped). */
export const summaryPointBlocks = (s: SummaryView): TextBlock[] =>
  s.points.map((p, i) => textBlock(`- ${pointText(p)}`, i ? { spacing: 'Small' } : {}));

/** Who made it (extractive, or the model's name) and the note (times in UTC; why the model was not used). */
export function summarySourceBlock(s: SummaryView): TextBlock {
  const by =
    s.source === 'extractive' ? 'Extractive summary' : `Summarised by ${escapeMarkdown(truncate(s.source, 100))}`;
  return subtle(s.note ? `${by} · ${escapeMarkdown(truncate(s.note, 400))}` : by);
}

export function renderSummary(summary: SummaryView): AdaptiveCard {
  const body = [
    heading(`Summary of ${escapeMarkdown(summary.ref)}`),
    ...summaryPointBlocks(summary),
    summarySourceBlock(summary),
  ];
  return adaptiveCard(
    body,
    [],
    truncate(`Summary of ${summary.ref}: ${summary.points.map((p) => p.text).join(' · ')}`, 300),
  );
}
