// Terminal rendering of the orphaned-chats alert: an agent went Offline or Disabled (or stayed Away) holding open chats.
import type { OrphanAlertView } from '../../src/core/views';
import { PLAIN, hhmm, paint, truncate, type RenderOptions } from './render-style';

/** More chats than this are summed up as "…and N more": the alert stays a glance, `agents` lists them all. */
export const ORPHAN_CHATS_SHOWN = 10;

export function renderOrphanAlert(a: OrphanAlertView, o: RenderOptions = PLAIN): string {
  const out = [`${paint(o, 'yellow', '🧳 Orphaned chats')} · ${paint(o, 'bold', a.businessUnit)}: ${a.text}`];
  for (const c of a.chats.slice(0, ORPHAN_CHATS_SHOWN)) {
    const flags = c.flags.length ? ` · ${paint(o, 'red', c.flags.join(', '))}` : '';
    const button = a.resolved ? '' : ` ${paint(o, 'cyan', `[transfer ${c.ref}]`)}`;
    out.push(
      `   ${paint(o, 'bold', c.ref)} ${truncate(c.customerName, 40)} · last activity ${hhmm(c.lastActivityAt)} UTC${flags}${button}`,
    );
  }
  if (a.chats.length > ORPHAN_CHATS_SHOWN) out.push(`   …and ${a.chats.length - ORPHAN_CHATS_SHOWN} more`);
  if (a.resolved) out.push(`   ${paint(o, 'green', a.resolved)}`);
  const commands = a.resolved
    ? []
    : [...a.moves.map((m) => `[${m.command}]`), ...(a.claimedBy ? [] : [`[${a.claimCommand}]`])];
  if (commands.length) out.push(`   ${paint(o, 'cyan', commands.join(' '))}`);
  if (a.claimedBy) out.push(`   ${paint(o, 'dim', `(${a.claimedBy} has got it)`)}`);
  return out.join('\n');
}
