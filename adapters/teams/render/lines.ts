// Chat messages as markdown: a plain message per post in channel threads, and the pieces the live transcript card shows.
import type { MessageLineView } from '../../../src/core/views';
import { bold, escapeMarkdown, italic, link, utcTime } from './markdown';

/** Teams refuses messages over ~28 KB; the text leaves room for the activity around it. */
export const MESSAGE_TEXT_BYTES_MAX = 26_000;

/** A line as markdown: `head` names the author (or is the whole note), `body` holds the text and attachment links. */
export interface LineMarkdown {
  head: string;
  body: string[];
  note: boolean;
}

const whisperLabel = (label: string): string => (/^whisper\b/i.test(label) ? label : `Whisper from ${label}`);

/** `time` is already markdown: a card date function or a UTC time. */
export function lineMarkdown(line: MessageLineView, time: string): LineMarkdown {
  const files = line.attachments.map((a) => `📎 ${link(a.url, a.name)}`);
  if (line.isNote) return { head: [italic(line.text.replace(/\s+/g, ' ')), time].filter(Boolean).join(' · '), body: files, note: true };
  const author = line.isWhisper ? `🤫 ${bold(whisperLabel(line.label))}` : bold(line.label);
  const text = line.text.replace(/\r\n?/g, '\n').trim();
  return { head: `${author} · ${time}`, body: [...(text ? [escapeMarkdown(text)] : []), ...files], note: false };
}

/** One line as message markdown; paragraphs, because Teams messages do not all keep single line breaks. */
function lineText(line: MessageLineView): string {
  const { head, body } = lineMarkdown(line, utcTime(line.at));
  return [head, ...body.flatMap((b) => b.split('\n'))].filter((p) => p.trim()).join('\n\n');
}

/** Cuts markdown to `maxBytes` of UTF-8 without splitting a character or leaving an escape backslash dangling. */
function cutToBytes(s: string, maxBytes: number): string {
  // Decoding a cut buffer turns a split character into one U+FFFD at the end.
  const cut = Buffer.from(s).subarray(0, maxBytes).toString('utf8').replace(/\uFFFD$/, '');
  const trailingBackslashes = /\\*$/.exec(cut)![0].length;
  return trailingBackslashes % 2 ? cut.slice(0, -1) : cut;
}

/** Lines of one chat in one post (what the bot sends when a destination is behind), cut with a note only past Teams' limit. */
export function renderLines(lines: MessageLineView[]): { text: string; textFormat: 'markdown' } {
  const text = lines.map(lineText).join('\n\n');
  if (Buffer.byteLength(text) <= MESSAGE_TEXT_BYTES_MAX) return { text, textFormat: 'markdown' };
  const kept = cutToBytes(text, MESSAGE_TEXT_BYTES_MAX - 100);
  return { text: `${kept}\n\n_… ${text.length - kept.length} more characters did not fit in one Teams message._`, textFormat: 'markdown' };
}
