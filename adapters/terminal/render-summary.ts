// Terminal rendering of a chat's summary: two to five points, each ending with the time of the line it rests on
// (a terminal cannot link to a line: the time is enough to find it on screen).
import type { SummaryView } from '../../src/core/views';
import { PLAIN, paint, type RenderOptions } from './render-style';

/** The points as indented bullets, then who made them and the note (times in UTC; why the model was not used). */
export function summaryLines(s: SummaryView, o: RenderOptions = PLAIN, indent = '  '): string[] {
  const by = s.source === 'extractive' ? 'extractive summary' : `summarised by ${s.source}`;
  return [
    ...s.points.map((p) => `${indent}• ${p.text.replace(/\s+/g, ' ')}`),
    `${indent}${paint(o, 'dim', s.note ? `${by} · ${s.note}` : by)}`,
  ];
}

export function renderSummary(s: SummaryView, o: RenderOptions = PLAIN): string {
  return [paint(o, 'bold', `Summary of ${s.ref}`), ...summaryLines(s, o)].join('\n');
}
