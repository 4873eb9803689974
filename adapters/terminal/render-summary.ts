// Terminal rendering of a chat's summary: two to five points, each ending with the time of the line it rests on.
import type { SummaryView } from '../../src/core/views';
import { PLAIN, paint, type RenderOptions } from './render-style';

export function renderSummary(s: SummaryView, o: RenderOptions = PLAIN): string {
  return [paint(o, 'bold', `Summary of ${s.ref}`), ...s.points.map((p) => `  • ${p.text}`)].join('\n');
}
