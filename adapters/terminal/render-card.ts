// Terminal rendering of what a thread shows: the chat card, message lines and alerts.
import type { SurfaceName } from '../../src/core/model';
import type { AlertView, ChatAction, ChatCardView, ChatPresenceView, MessageLineView } from '../../src/core/views';
import { calibratedText } from '../../src/core/calibration-source';
import { renderOrphanAlert } from './render-orphan-alert';
import { summaryLines } from './render-summary';
import { PLAIN, hhmm, hhmmss, paint, truncate, type RenderOptions } from './render-style';

/** The command a card action stands for; the terminal has no buttons, so it shows what to type. */
export function actionHint(action: ChatAction, ref: string): string {
  return action === 'transfer' ? `transfer ${ref} to …` : `${action} ${ref}`;
}

/** `wall`: the card of a watched wall's thread; marked like its lines, since a chat can be on screen twice. */
export function renderCard(card: ChatCardView, o: RenderOptions = PLAIN, wall = false): string {
  const who = card.customerCountry ? `${card.customerName} (${card.customerCountry})` : card.customerName;
  const title = [paint(o, 'bold', wall ? `${card.ref} wall` : card.ref), who, card.channel, card.businessUnit].join(
    ' · ',
  );
  const agent = card.agent
    ? `${card.agent.name} <${card.agent.email}>${card.agent.status ? ` (${card.agent.status})` : ''}`
    : 'waiting in queue';
  const status = [`Agent: ${agent}`, `State: ${card.state}`];
  if (card.inactive) status.push(paint(o, 'yellow', '⏸ Inactive'));
  const time = `Started ${hhmm(card.startedAt)} UTC · Last activity ${hhmm(card.lastActivityAt)} UTC`;
  const scores: string[] = [];
  if (card.sentiment) {
    const s = card.sentiment;
    const label = `Sentiment: ${s.label} ${s.score >= 0 ? '+' : ''}${s.score.toFixed(2)} (${s.source})`;
    scores.push(
      s.label === 'negative' ? paint(o, 'red', label) : s.label === 'positive' ? paint(o, 'green', label) : label,
    );
  }
  if (card.csat)
    scores.push(
      `CSAT: ${card.csat.score}/5${card.csat.reason ? ` "${card.csat.reason}"` : ''} (${card.csat.source})${card.csat.calibrated ? ` · ${calibratedText(card.csat.calibrated)}` : ''}`,
    );
  if (card.thumbs) scores.push(card.thumbs === 'up' ? '👍' : '👎');
  const lines = [`╭─ ${title}`, `│ ${status.join(' · ')}`, `│ ${time}`];
  if (scores.length) lines.push(`│ ${scores.join(' · ')}`);
  if (card.presence) lines.push(`│ ${presenceLine(card.presence)}`);
  const actions = card.actions.map((a) => paint(o, 'cyan', `[${actionHint(a, card.ref)}]`)).join(' ');
  lines.push(
    actions ? `╰─ ${actions}` : `╰─ ${paint(o, 'dim', card.state === 'finished' ? '(finished)' : '(no actions here)')}`,
  );
  return lines.join('\n');
}

const PRESENCE_NAMES_MAX = 5;
const ELSEWHERE: Record<SurfaceName, string> = { terminal: '', slack: ' on Slack', teams: ' on Teams' };
const listed = (items: string[]): string =>
  items.length > PRESENCE_NAMES_MAX
    ? `${items.slice(0, PRESENCE_NAMES_MAX).join(', ')} and ${items.length - PRESENCE_NAMES_MAX} more`
    : items.join(', ');

/**
 * "Supervised by Sam Boss · walls: Sales · last whisper by Sam Boss at 14:02 UTC": part of the card, so a terminal
 * card is printed again when who is on the chat changes (a new whisper too).
 */
export function presenceLine(p: ChatPresenceView): string {
  const names = p.supervisors.map((s) => truncate(s.name, 60));
  const parts = [names.length ? `Supervised by ${listed(names)}` : 'Nobody supervises this chat'];
  if (p.walls.length)
    parts.push(`walls: ${listed(p.walls.map((w) => `${truncate(w.unit, 60)}${ELSEWHERE[w.surface]}`))}`);
  if (p.lastWhisper) parts.push(`last whisper by ${truncate(p.lastWhisper.by, 60)} at ${hhmm(p.lastWhisper.at)} UTC`);
  return parts.join(' · ');
}

function labelOf(line: MessageLineView, o: RenderOptions): string {
  if (line.isWhisper) {
    const from = /^whisper\b/i.test(line.label)
      ? line.label.replace(/^whisper/i, 'whisper')
      : `whisper from ${line.label}`;
    return paint(o, 'magenta', `🤫 ${from}:`);
  }
  const style = line.role === 'customer' ? 'cyan' : line.role === 'agent' ? 'green' : 'dim';
  return paint(o, style, `${line.label}:`);
}

/** One message line, continuation lines indented under the text so the chat ref column stays clean. */
function renderLine(ref: string, line: MessageLineView, o: RenderOptions): string[] {
  const prefix = `${paint(o, 'dim', `${ref} │`)} `;
  const time = hhmmss(line.at);
  const parts = line.text ? line.text.split(/\r?\n/) : [];
  const files = line.attachments.map((a) => `📎 ${a.name} <${a.url}>`);
  if (line.isNote) {
    const note = paint(o, 'dim', `[${parts.join(' ').trim()}]`);
    return [`${prefix}${time} ${note}`, ...files.map((f) => `${prefix}${' '.repeat(time.length)} ${f}`)];
  }
  const [first = '', ...more] = [...parts, ...files];
  const indent = `${prefix}${' '.repeat(time.length)} `;
  return [`${prefix}${time} ${labelOf(line, o)} ${first}`.trimEnd(), ...more.map((m) => `${indent}${m}`)];
}

export function renderLines(ref: string, lines: MessageLineView[], o: RenderOptions = PLAIN): string {
  return lines.flatMap((l) => renderLine(ref, l, o)).join('\n');
}

export function renderAlert(a: AlertView, o: RenderOptions = PLAIN): string {
  if (a.kind === 'orphaned') return renderOrphanAlert(a, o);
  const head = a.kind === 'negative' ? paint(o, 'red', '🔴 Negative sentiment') : paint(o, 'yellow', '⏰ Inactive');
  const tail = a.claimedBy
    ? `${paint(o, 'dim', `(${a.claimedBy} has got it)`)} ${paint(o, 'cyan', `[suggest ${a.ref}]`)}`
    : paint(o, 'cyan', `[supervise ${a.ref}] [suggest ${a.ref}] [claim ${a.ref}]`);
  const line = `${head} · ${paint(o, 'bold', a.ref)}: ${a.text} ${tail}`;
  // What the chat is about, under the alert (the times find the lines on screen).
  return a.summary?.points.length ? [line, ...summaryLines(a.summary, o, '   ')].join('\n') : line;
}
