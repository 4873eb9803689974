// mrkdwn snippets describing one chat, shared by the chat card and the App Home list.
import type { AgentStatus, ChatState, SentimentLabel, SurfaceName } from '../../../src/core/model';
import type { ChatCardView, ChatPresenceView } from '../../../src/core/views';
import { calibratedText } from '../../../src/core/calibration-source';
import { escapeMrkdwn, truncate } from './mrkdwn';

const STATUS_EMOJI: Record<AgentStatus, string> = { Online: '🟢', Busy: '🟠', Offline: '⚪', Disabled: '⛔' };
const STATE_TEXT: Record<ChatState, string> = { open: 'Open', transferred: 'Transferred', finished: 'Finished' };
const SENTIMENT_EMOJI: Record<SentimentLabel, string> = { negative: '😟', neutral: '😐', positive: '🙂' };

export const INACTIVE_BADGE = '💤 *Inactive*';

export const customerText = (c: ChatCardView): string =>
  escapeMrkdwn(c.customerCountry ? `${c.customerName} (${c.customerCountry})` : c.customerName);

/** "Ann Lee · 🟢 Online", or who is missing when the chat waits in the queue. */
export function agentText(c: ChatCardView): string {
  if (!c.agent) return '_waiting in queue_';
  const name = escapeMrkdwn(c.agent.name);
  return c.agent.status ? `${name} · ${STATUS_EMOJI[c.agent.status]} ${c.agent.status}` : name;
}

export const stateText = (c: ChatCardView): string => STATE_TEXT[c.state];

/** "😟 negative −0.42 (lexicon)": the source says whether a model or the offline scorer produced it. */
export function sentimentText(s: NonNullable<ChatCardView['sentiment']>): string {
  const score = `${s.score >= 0 ? '+' : '−'}${Math.abs(s.score).toFixed(2)}`;
  return `${SENTIMENT_EMOJI[s.label]} ${s.label} ${score} (${escapeMrkdwn(s.source)})`;
}

export const csatText = (c: NonNullable<ChatCardView['csat']>): string =>
  `${c.score}/5 (${escapeMrkdwn(c.source)})${c.calibrated ? ` · ${escapeMrkdwn(calibratedText(c.calibrated))}` : ''}`;

export const thumbsText = (t: NonNullable<ChatCardView['thumbs']>): string => (t === 'up' ? '👍' : '👎');

/** At most this many supervisors or walls are named on a card; the rest are counted ("and 3 more"). */
const PRESENCE_NAMES_MAX = 5;
const PRESENCE_NAME_MAX = 80;
const SURFACE_WALL: Record<SurfaceName, string> = {
  slack: 'a Slack channel',
  teams: 'a Teams channel',
  terminal: 'the terminal',
};

const listed = (items: string[]): string => {
  const shown = items.slice(0, PRESENCE_NAMES_MAX).join(', ');
  return items.length > PRESENCE_NAMES_MAX ? `${shown} and ${items.length - PRESENCE_NAMES_MAX} more` : shown;
};

/** "14:02 UTC" in the fallback; each reader sees their own time zone. */
export const slackTime = (d: Date): string =>
  `<!date^${Math.floor(d.getTime() / 1000)}^{time}|${d.toISOString().slice(11, 16)} UTC>`;

/** A wall as a Slack reader knows it: a channel mention for our own channels, else where it is. */
function wallText(w: ChatPresenceView['walls'][number]): string {
  const where =
    w.surface === 'slack' && /^[CG][A-Z0-9]{2,}$/.test(w.destination)
      ? `<#${w.destination}>`
      : w.name
        ? escapeMrkdwn(truncate(w.name, PRESENCE_NAME_MAX))
        : SURFACE_WALL[w.surface];
  return `${where} (${escapeMrkdwn(truncate(w.unit, PRESENCE_NAME_MAX))})`;
}

/**
 * "👀 Supervised by Sam Boss, Sue Sales · 🧱 On walls: <#C123> (Sales) · 🤫 Last whisper by Sam Boss at 14:02", and
 * "Nobody supervises this chat" when nobody does: so two supervisors do not coach the same agent at once.
 */
export function presenceText(p: ChatPresenceView): string {
  const parts = [
    p.supervisors.length
      ? `👀 Supervised by ${listed(p.supervisors.map((s) => escapeMrkdwn(truncate(s.name, PRESENCE_NAME_MAX))))}`
      : '👀 Nobody supervises this chat',
  ];
  if (p.walls.length) parts.push(`🧱 On ${p.walls.length === 1 ? 'wall' : 'walls'}: ${listed(p.walls.map(wallText))}`);
  if (p.lastWhisper)
    parts.push(
      `🤫 Last whisper by ${escapeMrkdwn(truncate(p.lastWhisper.by, PRESENCE_NAME_MAX))} at ${slackTime(p.lastWhisper.at)}`,
    );
  return parts.join(' · ');
}
