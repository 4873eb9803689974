// The orphaned-chats alert: an agent went Offline or Disabled (or stayed Away) holding open chats of a unit, with a
// Transfer button per chat, "Transfer all to …" and "I've got it" (command buttons of the one grammar).
import type { OrphanAlertView } from '../../../src/core/views';
import { chatActionButton, commandButton } from './actions';
import { actions, context, section, type Block, type Message } from './blocks';
import { bold, escapeMrkdwn, fallback, slackDate } from './mrkdwn';

/** Chats listed one per section (each with its Transfer button); the rest are summed up, within Slack's 50 blocks. */
export const ORPHAN_CHATS_MAX = 40;

const HEADLINE = '🧳 Orphaned chats';

function chatLine(c: OrphanAlertView['chats'][number]): string {
  const flags = c.flags.length ? ` · ${c.flags.map((f) => `_${escapeMrkdwn(f)}_`).join(', ')}` : '';
  return `${bold(c.ref)} · ${escapeMrkdwn(c.customerName)} · last activity ${slackDate(c.lastActivityAt, '{time}')}${flags}`;
}

export function renderOrphanAlert(alert: OrphanAlertView): Message {
  const blocks: Block[] = [section(`*${HEADLINE}* · ${bold(alert.businessUnit)}\n${escapeMrkdwn(alert.text)}`)];
  const shown = alert.chats.slice(0, ORPHAN_CHATS_MAX);
  for (const c of shown)
    blocks.push(section(chatLine(c), alert.resolved ? undefined : chatActionButton('transfer', c.ref)));
  if (alert.chats.length > shown.length)
    blocks.push(context(`…and ${alert.chats.length - shown.length} more: \`agents\` lists them all.`));
  if (alert.resolved) blocks.push(context(`✅ ${escapeMrkdwn(alert.resolved)}`));
  // Resolved: nothing left to move or to claim.
  const buttons = alert.resolved
    ? []
    : [
        ...alert.moves.map((m) => commandButton(m.label, m.command, m.style)),
        ...(alert.claimedBy ? [] : [commandButton("I've got it", alert.claimCommand)]),
      ];
  if (buttons.length) blocks.push(actions(buttons));
  if (alert.claimedBy) blocks.push(context(`Claimed by ${escapeMrkdwn(alert.claimedBy)}`));
  return { text: fallback(`${HEADLINE} · ${alert.businessUnit}: ${alert.text}`), blocks };
}
