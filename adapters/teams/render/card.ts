// The chat card (SPEC §3.1) as an Adaptive Card; with lines, the live transcript card of personal chats (§4.5).
import type { AgentStatus, ChatState, SentimentLabel, SurfaceName } from '../../../src/core/model';
import type { ChatCardView, ChatPresenceView, MessageLineView } from '../../../src/core/views';
import { calibratedText } from '../../../src/core/calibration-source';
import { chatActionSubmit, INPUT, whisperSubmit } from './actions';
import { CARD_BYTES_MAX, jsonBytes } from './activity';
import { adaptiveCard, heading, subtle, textBlock, type AdaptiveCard, type CardElement, type Fact } from './adaptive';
import { lineMarkdown } from './lines';
import { cardDateTime, cardTime, escapeMarkdown, italic, truncate } from './markdown';

/** How many of the latest lines the live transcript card shows. */
export const LIVE_LINES_MAX = 10;
const LINE_TEXT_MAX = 1000;
/** Names come from Convrs and its customers: bounded so the facts never crowd out the transcript. */
const NAME_MAX = 200;

const STATUS_EMOJI: Record<AgentStatus, string> = { Online: '🟢', Busy: '🟠', Offline: '⚪', Disabled: '⛔' };
const STATE_TEXT: Record<ChatState, string> = { open: 'Open', transferred: 'Transferred', finished: 'Finished' };
const SENTIMENT_EMOJI: Record<SentimentLabel, string> = { negative: '😟', neutral: '😐', positive: '🙂' };

function agentText(card: ChatCardView): string {
  if (!card.agent) return '_waiting in queue_';
  const name = escapeMarkdown(truncate(card.agent.name, NAME_MAX));
  return card.agent.status ? `${name} · ${STATUS_EMOJI[card.agent.status]} ${card.agent.status}` : name;
}

function facts(card: ChatCardView): Fact[] {
  const customer = card.customerCountry ? `${card.customerName} (${card.customerCountry})` : card.customerName;
  const list: Fact[] = [
    { title: 'Customer', value: escapeMarkdown(truncate(customer, NAME_MAX)) },
    { title: 'Channel', value: escapeMarkdown(truncate(card.channel, NAME_MAX)) },
    { title: 'Business unit', value: escapeMarkdown(truncate(card.businessUnit, NAME_MAX)) },
    { title: 'Agent', value: agentText(card) },
    { title: 'Started', value: cardDateTime(card.startedAt) },
    { title: 'Last activity', value: cardDateTime(card.lastActivityAt) },
    { title: 'State', value: STATE_TEXT[card.state] },
  ];
  const { sentiment, csat, thumbs } = card;
  if (sentiment) {
    const score = `${sentiment.score >= 0 ? '+' : '−'}${Math.abs(sentiment.score).toFixed(2)}`;
    list.push({
      title: 'Sentiment',
      value: `${SENTIMENT_EMOJI[sentiment.label]} ${sentiment.label} ${score} (${escapeMarkdown(truncate(sentiment.source, NAME_MAX))})`,
    });
  }
  if (csat) {
    const reason = csat.reason ? ` · ${italic(truncate(csat.reason, 300))}` : '';
    const calibrated = csat.calibrated ? ` · ${escapeMarkdown(truncate(calibratedText(csat.calibrated), 120))}` : '';
    list.push({
      title: 'Predicted CSAT',
      value: `${csat.score}/5 (${escapeMarkdown(truncate(csat.source, NAME_MAX))})${calibrated}${reason}`,
    });
  }
  if (thumbs) list.push({ title: 'Customer feedback', value: thumbs === 'up' ? '👍' : '👎' });
  if (card.presence) list.push(...presenceFacts(card.presence));
  return list;
}

/** At most this many supervisors or walls are named; the rest are counted, so the card stays within Teams' size. */
const PRESENCE_NAMES_MAX = 5;
const OTHER_WALL: Record<SurfaceName, string> = {
  teams: 'a Teams channel',
  slack: 'a Slack channel',
  terminal: 'the terminal',
};

const listed = (items: string[]): string => {
  const shown = items.slice(0, PRESENCE_NAMES_MAX).join(', ');
  return items.length > PRESENCE_NAMES_MAX ? `${shown} …and ${items.length - PRESENCE_NAMES_MAX} more` : shown;
};

/** A wall by its channel name where the stored conversation reference knows it (the surface fills it in). */
const wallText = (w: ChatPresenceView['walls'][number]): string =>
  `${w.name ? escapeMarkdown(truncate(w.name, NAME_MAX)) : OTHER_WALL[w.surface]} (${escapeMarkdown(truncate(w.unit, NAME_MAX))})`;

/** Who is on the chat, so two supervisors do not coach the same agent at once. */
function presenceFacts(p: ChatPresenceView): Fact[] {
  const supervisors = p.supervisors.map((s) => escapeMarkdown(truncate(s.name, NAME_MAX)));
  const out: Fact[] = [
    { title: 'Supervised by', value: supervisors.length ? listed(supervisors) : 'Nobody supervises this chat' },
  ];
  if (p.walls.length) out.push({ title: 'Walls', value: listed(p.walls.map(wallText)) });
  if (p.lastWhisper)
    out.push({
      title: 'Last whisper',
      value: `${escapeMarkdown(truncate(p.lastWhisper.by, NAME_MAX))} at ${cardTime(p.lastWhisper.at)}`,
    });
  return out;
}

function lineElements(line: MessageLineView): CardElement[] {
  const { head, body, note } = lineMarkdown({ ...line, text: truncate(line.text, LINE_TEXT_MAX) }, cardTime(line.at));
  const headStyle = { size: 'Small', spacing: 'Small', ...(note ? { isSubtle: true } : {}) } as const;
  return [textBlock(head, headStyle), ...body.map((b) => textBlock(b, { spacing: 'None' }))];
}

function transcript(lines: MessageLineView[], total: number): CardElement {
  const title = lines.length < total ? `Latest ${lines.length} of ${total} messages` : 'Messages';
  const items = lines.length
    ? lines.flatMap(lineElements)
    : [subtle(total ? 'The latest message is too long to show here.' : 'No messages yet.')];
  return { type: 'Container', separator: true, spacing: 'Medium', items: [subtle(title), ...items] };
}

/** A labelled box: the label is what screen readers announce, and Adaptive Cards require one on a required input. */
function whisperBox(card: ChatCardView): CardElement[] {
  const label = 'Whisper: only the agent sees it, never the customer';
  const placeholder = `Whisper to ${card.agent ? truncate(card.agent.name, NAME_MAX) : 'the agent'}`;
  return [
    {
      type: 'Input.Text',
      id: INPUT.whisper,
      label,
      placeholder,
      isMultiline: true,
      isRequired: true,
      errorMessage: 'Type a whisper first.',
    },
    { type: 'ActionSet', actions: [whisperSubmit(card.ref)] },
  ];
}

function build(
  card: ChatCardView,
  shownLines: MessageLineView[] | undefined,
  totalLines: number,
  withWhisperBox: boolean,
): AdaptiveCard {
  const body: CardElement[] = [
    heading(`${escapeMarkdown(card.ref)} · ${escapeMarkdown(truncate(card.customerName, NAME_MAX))}`),
  ];
  if (card.inactive) body.push(textBlock('💤 Inactive', { color: 'Attention', weight: 'Bolder', spacing: 'Small' }));
  body.push({ type: 'FactSet', facts: facts(card) });
  if (shownLines) body.push(transcript(shownLines, totalLines));
  if (withWhisperBox) body.push(...whisperBox(card));
  const fallback = [card.ref, card.customerName, card.businessUnit, card.agent?.name ?? 'waiting in queue', card.state]
    .map((s) => truncate(s, NAME_MAX))
    .join(' · ');
  return adaptiveCard(
    body,
    card.actions.map((a) => chatActionSubmit(a, card.ref)),
    fallback,
  );
}

/**
 * The chat card; with `lines`, also the latest of them (oldest dropped first while the card is over Teams' size
 * limit) and, with `whisperBox`, a box whose submit sends a whisper to the chat's agent.
 */
export function renderChatCard(
  card: ChatCardView,
  opts: { lines?: MessageLineView[]; whisperBox?: boolean } = {},
): AdaptiveCard {
  const { lines, whisperBox: withWhisperBox = false } = opts;
  if (!lines) return build(card, undefined, 0, withWhisperBox);
  let shown = lines.slice(-LIVE_LINES_MAX);
  let rendered = build(card, shown, lines.length, withWhisperBox);
  while (shown.length > 0 && jsonBytes(rendered) > CARD_BYTES_MAX) {
    shown = shown.slice(1);
    rendered = build(card, shown, lines.length, withWhisperBox);
  }
  return rendered;
}
