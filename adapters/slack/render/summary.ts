// A chat's summary: two to five points, each ending with the time of the line it rests on, linked to it when possible.
import type { SummaryPointView, SummaryView } from '../../../src/core/views';
import { context, header, section, type Block, type Message } from './blocks';
import { escapeMrkdwn, fallback, link, packTexts } from './mrkdwn';

/** The use case ends each point with its line's time, "(14:02)": that time becomes the link to the line. */
const TIME_AT_END = /^([\s\S]*) \((\d\d:\d\d)\)$/;

function pointText(p: SummaryPointView): string {
  const m = TIME_AT_END.exec(p.text);
  if (!m) return `${escapeMrkdwn(p.text)}${p.link ? ` (${link(p.link, 'line')})` : ''}`;
  return `${escapeMrkdwn(m[1])} (${p.link ? link(p.link, m[2]) : m[2]})`;
}

/** One bullet per point, in as few section texts as fit (five short points always fit in one). */
export const summaryBullets = (s: SummaryView): string[] => packTexts(s.points.map((p) => `• ${pointText(p)}`));

/** Who made it (extractive, or the model's name) and the note (times in UTC; why the model was not used). */
export function summarySource(s: SummaryView): string {
  const by = s.source === 'extractive' ? 'Extractive summary' : `Summarised by ${escapeMrkdwn(s.source)}`;
  return s.note ? `${by} · ${escapeMrkdwn(s.note)}` : by;
}

export function renderSummary(summary: SummaryView): Message {
  const blocks: Block[] = [
    header(`Summary of ${summary.ref}`),
    ...summaryBullets(summary).map((t) => section(t)),
    context(summarySource(summary)),
  ];
  return { text: fallback(`Summary of ${summary.ref}: ${summary.points.map((p) => p.text).join(' · ')}`), blocks };
}
