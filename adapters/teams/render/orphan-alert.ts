// The orphaned-chats alert as an Adaptive Card: an agent went Offline or Disabled (or stayed Away) holding open chats,
// a Transfer button per chat, "Transfer all to …" and "I've got it" (command submits of the one grammar).
import type { OrphanAlertView } from '../../../src/core/views';
import { anyCommandSubmit, chatActionSubmit } from './actions';
import { CARD_BYTES_MAX, jsonBytes, largestFitting } from './activity';
import { adaptiveCard, textBlock, type AdaptiveCard, type CardElement, type SubmitAction } from './adaptive';
import { bold, cardTime, escapeMarkdown, truncate } from './markdown';

/** Chats listed one per row; the rest are summed up ("…and N more"), and fewer when the card would pass Teams' size. */
export const ORPHAN_CHATS_MAX = 25;

const HEADLINE = '🧳 Orphaned chats';

function chatRow(c: OrphanAlertView['chats'][number], withButton: boolean): CardElement {
  const flags = c.flags.length ? ` · _${escapeMarkdown(c.flags.join(', '))}_` : '';
  const text = textBlock(
    `${bold(c.ref)} · ${escapeMarkdown(truncate(c.customerName, 200))} · last activity ${cardTime(c.lastActivityAt)}${flags}`,
    { spacing: 'None' },
  );
  if (!withButton) return { type: 'Container', separator: true, items: [text] };
  return {
    type: 'ColumnSet',
    separator: true,
    columns: [
      { type: 'Column', width: 'stretch', verticalContentAlignment: 'Center', items: [text] },
      {
        type: 'Column',
        width: 'auto',
        verticalContentAlignment: 'Center',
        items: [{ type: 'ActionSet', actions: [chatActionSubmit('transfer', c.ref)] }],
      },
    ],
  };
}

function build(alert: OrphanAlertView, shown: number): AdaptiveCard {
  const body: CardElement[] = [
    textBlock(`**${HEADLINE}** · ${bold(truncate(alert.businessUnit, 200))}`, { color: 'Warning' }),
    textBlock(escapeMarkdown(truncate(alert.text, 1000)), { spacing: 'Small' }),
    ...alert.chats.slice(0, shown).map((c) => chatRow(c, !alert.resolved)),
  ];
  if (alert.chats.length > shown)
    body.push(
      textBlock(`…and ${alert.chats.length - shown} more (the agents command lists them all).`, {
        isSubtle: true,
        size: 'Small',
      }),
    );
  if (alert.resolved)
    body.push(textBlock(`✅ ${escapeMarkdown(truncate(alert.resolved, 500))}`, { color: 'Good', spacing: 'Small' }));
  if (alert.claimedBy)
    body.push(
      textBlock(`Claimed by ${escapeMarkdown(truncate(alert.claimedBy, 200))}`, { isSubtle: true, size: 'Small' }),
    );
  // Resolved: nothing left to move or to claim.
  const actions: SubmitAction[] = alert.resolved
    ? []
    : [
        ...alert.moves.map(anyCommandSubmit),
        ...(alert.claimedBy ? [] : [anyCommandSubmit({ label: "I've got it", command: alert.claimCommand })]),
      ];
  return adaptiveCard(
    body,
    actions,
    `${HEADLINE} · ${truncate(alert.businessUnit, 100)}: ${truncate(alert.text, 200)}`,
  );
}

export function renderOrphanAlert(alert: OrphanAlertView): AdaptiveCard {
  const most = Math.min(alert.chats.length, ORPHAN_CHATS_MAX);
  return build(
    alert,
    largestFitting(most, (n) => jsonBytes(build(alert, n)) <= CARD_BYTES_MAX),
  );
}
