// Alerts (negative sentiment, inactivity) posted to watching channels, with Supervise and "I've got it" (SPEC §3.7).
import type { AlertView, ChatAlertView } from '../../../src/core/views';
import { chatActionButton, claimButton } from './actions';
import { actions, context, section, type Block, type Message } from './blocks';
import { escapeMrkdwn, fallback } from './mrkdwn';
import { renderOrphanAlert } from './orphan-alert';
import { summaryBullets, summarySource } from './summary';

const HEADLINE: Record<ChatAlertView['kind'], string> = { negative: '🔴 Negative sentiment', inactive: '💤 Inactive' };

/** Once someone claims it, the claim button gives way to who has it; Supervise stays for anyone who wants to look. */
export function renderAlert(alert: AlertView): Message {
  if (alert.kind === 'orphaned') return renderOrphanAlert(alert);
  const ref = escapeMrkdwn(alert.ref);
  const blocks: Block[] = [section(`*${HEADLINE[alert.kind]}* · *${ref}*\n${escapeMrkdwn(alert.text)}`)];
  // What the chat is about, so whoever claims it knows before opening it (each point linked to its line in this channel's thread).
  if (alert.summary?.points.length)
    blocks.push(...summaryBullets(alert.summary).map((t) => section(t)), context(summarySource(alert.summary)));
  if (alert.claimedBy) {
    blocks.push(
      actions([chatActionButton('supervise', alert.ref), chatActionButton('suggest', alert.ref)]),
      context(`Claimed by ${escapeMrkdwn(alert.claimedBy)}`),
    );
  } else {
    blocks.push(
      actions([chatActionButton('supervise', alert.ref), chatActionButton('suggest', alert.ref), claimButton(alert)]),
    );
  }
  return { text: fallback(`${HEADLINE[alert.kind]} · ${alert.ref}: ${alert.text}`), blocks };
}
