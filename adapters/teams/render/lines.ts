// Chat messages as markdown: a plain message per post in channel threads, and the pieces the live transcript card shows.
import type { MessageLineView } from '../../../src/core/views';
import { jsonBytes, largestFitting, MESSAGE_TEXT_BYTES_MAX } from './activity';
import { bold, escapeMarkdown, italic, link, utcTime } from './markdown';

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
  if (line.isNote)
    return {
      head: [italic(line.text.replace(/\s+/g, ' ')), time].filter(Boolean).join(' · '),
      body: files,
      note: true,
    };
  const author = line.isWhisper ? `🤫 ${bold(whisperLabel(line.label))}` : bold(line.label);
  const text = line.text.replace(/\r\n?/g, '\n').trim();
  return { head: `${author} · ${time}`, body: [...(text ? [escapeMarkdown(text)] : []), ...files], note: false };
}

/** One line as message markdown; paragraphs, because Teams messages do not all keep single line breaks. */
function lineText(line: MessageLineView): string {
  const { head, body } = lineMarkdown(line, utcTime(line.at));
  return [head, ...body.flatMap((b) => b.split('\n'))].filter((p) => p.trim()).join('\n\n');
}

/** The first `length` UTF-16 units of markdown, never ending inside a character or on a dangling escape backslash. */
function cleanCut(s: string, length: number): string {
  let cut = s.slice(0, length);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  const trailingBackslashes = /\\*$/.exec(cut)![0].length;
  return trailingBackslashes % 2 ? cut.slice(0, -1) : cut;
}

/** Lines of one chat in one post (what the bot sends when a destination is behind), cut with a note only past Teams' limit. */
export function renderLines(lines: MessageLineView[]): { text: string; textFormat: 'markdown' } {
  const text = lines.map(lineText).join('\n\n');
  if (jsonBytes(text) <= MESSAGE_TEXT_BYTES_MAX) return { text, textFormat: 'markdown' };
  const room = MESSAGE_TEXT_BYTES_MAX - 100;
  const kept = cleanCut(
    text,
    largestFitting(text.length, (n) => jsonBytes(cleanCut(text, n)) <= room),
  );
  return {
    text: `${kept}\n\n_… ${text.length - kept.length} more characters did not fit in one Teams message._`,
    textFormat: 'markdown',
  };
}
