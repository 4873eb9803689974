// Alerts (negative sentiment, inactivity) posted to watching channels, with Supervise and "I've got it" (SPEC §3.7).
import type { AlertView, ChatAlertView } from '../../../src/core/views';
import { chatActionSubmit, claimSubmit } from './actions';
import { adaptiveCard, textBlock, type AdaptiveCard } from './adaptive';
import { escapeMarkdown, truncate } from './markdown';
import { renderOrphanAlert } from './orphan-alert';
import { summaryPointBlocks, summarySourceBlock } from './summary';

/** An alert quotes a message; the card stays a glance, the chat card has the rest. */
const ALERT_TEXT_MAX = 1000;

const HEADLINE: Record<ChatAlertView['kind'], string> = { negative: '🔴 Negative sentiment', inactive: '💤 Inactive' };

/** Once someone claims it, the claim button gives way to who has it; Supervise stays for anyone who wants to look. */
export function renderAlert(alert: AlertView): AdaptiveCard {
  if (alert.kind === 'orphaned') return renderOrphanAlert(alert);
  const body = [
    textBlock(`**${HEADLINE[alert.kind]}** · **${escapeMarkdown(alert.ref)}**`, {
      color: alert.kind === 'negative' ? 'Attention' : 'Warning',
    }),
    textBlock(escapeMarkdown(truncate(alert.text, ALERT_TEXT_MAX)), { spacing: 'Small' }),
  ];
  // What the chat is about, so whoever claims it knows before opening it (each point linked to its line in this channel's thread).
  if (alert.summary?.points.length) body.push(...summaryPointBlocks(alert.summary), summarySourceBlock(alert.summary));
  if (alert.claimedBy)
    body.push(
      textBlock(`Claimed by ${escapeMarkdown(truncate(alert.claimedBy, 200))}`, { isSubtle: true, size: 'Small' }),
    );
  const actions = alert.claimedBy
    ? [chatActionSubmit('supervise', alert.ref), chatActionSubmit('suggest', alert.ref)]
    : [chatActionSubmit('supervise', alert.ref), chatActionSubmit('suggest', alert.ref), claimSubmit(alert)];
  return adaptiveCard(body, actions, `${HEADLINE[alert.kind]} · ${alert.ref}: ${truncate(alert.text, 200)}`);
}
