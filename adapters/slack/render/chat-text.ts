// mrkdwn snippets describing one chat, shared by the chat card and the App Home list.
import type { AgentStatus, ChatState, SentimentLabel } from '../../../src/core/model';
import type { ChatCardView } from '../../../src/core/views';
import { escapeMrkdwn } from './mrkdwn';

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

export const csatText = (c: NonNullable<ChatCardView['csat']>): string => `${c.score}/5 (${escapeMrkdwn(c.source)})`;

export const thumbsText = (t: NonNullable<ChatCardView['thumbs']>): string => (t === 'up' ? '👍' : '👎');
