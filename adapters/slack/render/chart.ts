// A list reply's chart in Slack: the uploaded PNG's comment, and the line under the table saying where it went.
import { context, type Message } from './blocks';
import { escapeMrkdwn, MESSAGE_BLOCKS_MAX, truncate } from './mrkdwn';

/** files.getUploadURLExternal takes at most 1000 characters of alt text. */
export const ALT_TEXT_MAX = 1000;

export const chartAltText = (alt: string) => truncate(alt, ALT_TEXT_MAX);
export const renderChartComment = (title: string) => `📈 ${escapeMrkdwn(title)}`;

/** The table's message with one context line under it ("📈 The chart is in …"); within the blocks limit. */
export function withChartNote(msg: Message, note: string): Message {
  const line = `📈 ${escapeMrkdwn(note)}`;
  const blocks = msg.blocks.length < MESSAGE_BLOCKS_MAX ? [...msg.blocks, context(line)] : msg.blocks;
  return { text: `${msg.text}\n${line}`, blocks };
}
