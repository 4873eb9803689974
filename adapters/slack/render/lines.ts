// Chat messages as thread replies: one or more lines of one chat in one post, within Block Kit limits, no text lost.
import type { MessageLineView } from '../../../src/core/views';
import { context, section, type Block, type Message } from './blocks';
import {
  BLOCK_TEXT_MAX,
  bold,
  escapeMrkdwn,
  fallback,
  italic,
  link,
  MESSAGE_BLOCKS_MAX,
  packTexts,
  slackDate,
  splitText,
} from './mrkdwn';

/** One line as block texts (each ≤ 3000 characters); notes show as context blocks. */
interface RenderedLine {
  note: boolean;
  texts: string[];
}

/**
 * Splits each row of escaped text to fit, then decorates the pieces one by one: splitting an already decorated row
 * would leave an italic open at the end of one block, or a quoted row's continuation unquoted in the next.
 */
const decoratedRows = (escaped: string, decorate: (row: string) => string): string[] =>
  escaped.split('\n').flatMap((row) => splitText(row, BLOCK_TEXT_MAX - 4).map(decorate));

const whisperLabel = (label: string): string => (/^whisper\b/i.test(label) ? label : `Whisper from ${label}`);

function renderLine(line: MessageLineView): RenderedLine {
  const time = slackDate(line.at, '{time_secs}');
  const text = escapeMrkdwn(line.text.replace(/\r\n?/g, '\n'));
  const files = line.attachments.map((a) => `📎 ${link(a.url, a.name)}`);
  if (line.isNote) {
    const [first = '', ...more] = text.trim() ? decoratedRows(text, italic) : [];
    return { note: true, texts: packTexts([`${time}  ${first}`.trimEnd(), ...more, ...files]) };
  }
  const head = line.isWhisper ? `🤫 ${bold(whisperLabel(line.label))}  ${time}` : `${bold(line.label)}  ${time}`;
  // Whispers are quoted rather than italicised: italics cannot show an underscore, a quote keeps the text exact.
  const body = !text ? [] : line.isWhisper ? decoratedRows(text, (row) => (row ? `> ${row}` : '>')) : [text];
  return { note: false, texts: packTexts([head, ...body, ...files]) };
}

const PACK_SEP = '\n\n';

/** One block per text when that fits in a message, else the texts packed together into as few sections as possible. */
function layout(lines: RenderedLine[]): Block[] {
  const count = lines.reduce((n, l) => n + l.texts.length, 0);
  if (count <= MESSAGE_BLOCKS_MAX) return lines.flatMap((l) => l.texts.map((t) => (l.note ? context(t) : section(t))));
  return packTexts(
    lines.flatMap((l) => l.texts),
    BLOCK_TEXT_MAX,
    PACK_SEP,
  ).map((t) => section(t));
}

/**
 * How many blocks `layout` makes of the lines fed so far, one line at a time. packTexts packs greedily and every
 * text is already within the limit, so its packing can be followed line by line instead of redone for each line.
 */
function blockCounter(): (line: RenderedLine) => number {
  let texts = 0;
  let sections = 0;
  let lastLength = 0;
  return (line) => {
    for (const t of line.texts) {
      texts++;
      if (sections > 0 && lastLength + PACK_SEP.length + t.length <= BLOCK_TEXT_MAX)
        lastLength += PACK_SEP.length + t.length;
      else [sections, lastLength] = [sections + 1, t.length];
    }
    return texts <= MESSAGE_BLOCKS_MAX ? texts : sections;
  };
}

/** Only when a post holds more than Slack's ~150 000 characters does text get cut, and then it says so. */
function withinLimit(blocks: Block[]): Block[] {
  if (blocks.length <= MESSAGE_BLOCKS_MAX) return blocks;
  const rest = blocks
    .slice(MESSAGE_BLOCKS_MAX - 1)
    .reduce((n, b) => n + (b.type === 'section' ? (b.text?.text.length ?? 0) : 0), 0);
  return [
    ...blocks.slice(0, MESSAGE_BLOCKS_MAX - 1),
    context(`_… ${rest} more characters did not fit in one Slack message._`),
  ];
}

function fallbackOf(line: MessageLineView | undefined): string {
  if (!line) return '';
  const what = line.text.trim() || line.attachments.map((a) => a.name).join(', ');
  return fallback(`${line.label}: ${what}`, 300);
}

const post = (lines: MessageLineView[], rendered: RenderedLine[]): Message => ({
  text: fallbackOf(lines[0]),
  blocks: withinLimit(layout(rendered)),
});

/** Lines of one chat combined into one post (what the bot sends when a destination is behind). */
export function renderLines(lines: MessageLineView[]): Message {
  return post(lines, lines.map(renderLine));
}

/** Every line, in order, in as few posts as needed; a caller combining a large backlog uses this so nothing is cut. */
export function renderLinePosts(lines: MessageLineView[]): Message[] {
  const rendered = lines.map(renderLine);
  const posts: Message[] = [];
  let start = 0;
  let count = blockCounter();
  rendered.forEach((line, i) => {
    if (count(line) <= MESSAGE_BLOCKS_MAX || i === start) return;
    posts.push(post(lines.slice(start, i), rendered.slice(start, i)));
    start = i;
    count = blockCounter();
    count(line);
  });
  if (start < lines.length) posts.push(post(lines.slice(start), rendered.slice(start)));
  return posts;
}
