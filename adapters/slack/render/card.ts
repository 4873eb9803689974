// The chat card: root message of every mirrored thread, edited in place as the chat changes (SPEC §3.1).
import type { ChatCardView } from '../../../src/core/views';
import { chatActionButton } from './actions';
import { actions, context, header, md, type Block, type Message, type Mrkdwn, type SectionBlock } from './blocks';
import {
  agentText,
  csatText,
  customerText,
  INACTIVE_BADGE,
  presenceText,
  sentimentText,
  stateText,
  thumbsText,
} from './chat-text';
import { escapeMrkdwn, fallback, FIELD_TEXT_MAX, italic, slackDate, truncate } from './mrkdwn';

const field = (label: string, value: string): Mrkdwn => md(`*${label}*\n${value}`, FIELD_TEXT_MAX);
const fields = (list: Mrkdwn[]): SectionBlock => ({ type: 'section', fields: list });

function scoreFields(card: ChatCardView): Mrkdwn[] {
  const state = card.inactive ? `${stateText(card)} · ${INACTIVE_BADGE}` : stateText(card);
  const out = [field('State', state)];
  if (card.sentiment) out.push(field('Sentiment', sentimentText(card.sentiment)));
  if (card.csat) {
    const reason = card.csat.reason ? `\n${italic(escapeMrkdwn(truncate(card.csat.reason, 300)))}` : '';
    out.push(field('Predicted CSAT', csatText(card.csat) + reason));
  }
  if (card.thumbs) out.push(field('Customer feedback', thumbsText(card.thumbs)));
  return out;
}

export function renderCard(card: ChatCardView): Message {
  const blocks: Block[] = [
    header(`${card.ref} · ${card.customerName}`),
    fields([
      field('Customer', customerText(card)),
      field('Channel', escapeMrkdwn(card.channel)),
      field('Business unit', escapeMrkdwn(card.businessUnit)),
      field('Agent', agentText(card)),
      field('Started', slackDate(card.startedAt)),
      field('Last activity', slackDate(card.lastActivityAt)),
    ]),
    fields(scoreFields(card)),
  ];
  // Who is on the chat, under the facts (a thread's card; lists and App Home cards leave it out).
  if (card.presence) blocks.push(context(presenceText(card.presence)));
  if (card.actions.length) blocks.push(actions(card.actions.map((a) => chatActionButton(a, card.ref))));
  const agent = card.agent?.name ?? 'waiting in queue';
  return { text: fallback([card.ref, card.customerName, card.businessUnit, agent, card.state].join(' · ')), blocks };
}
