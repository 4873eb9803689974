// Alerts (SPEC §3.7): raised once per crossing, not repeated within the cooldown, shown to the channels that
// watch the chat's BU and the configured alert channels, claimable so supervisors don't double up.
import { requirePermission, requireSupervisor } from '../access';
import type { Deps } from '../deps';
import type { Alert, Chat, SurfaceName } from '../model';
import type { Requester } from '../ports';
import type { ChatAlertView, ReplyView, SummaryView } from '../views';
import { findChat } from './find-chat';
import { ALERT_SUMMARY_DEADLINE_MS, alertSummaryView, summarizeChat } from './summary';

/** The kinds of alert that are about one chat (an orphaned-chats alert is about an agent: see orphans.ts). */
export type ChatAlertKind = ChatAlertView['kind'];

/** `summary`: the alert's summary as shown where this copy of the alert goes (see alertSummaryView). */
export function alertView(chat: Chat, alert: Alert, summary?: SummaryView | null): ChatAlertView {
  return {
    kind: alert.kind as ChatAlertKind,
    ref: chat.ref,
    text: alert.text,
    claimedBy: alert.claimedBy,
    ...(summary ? { summary } : {}),
  };
}

/** What the chat was about when the alert was raised; a summarizer that fails or is slow never holds the alert up. */
async function summaryForAlert(deps: Deps, chat: Chat): Promise<Alert['summary']> {
  try {
    return await summarizeChat(deps, chat, { deadlineMs: ALERT_SUMMARY_DEADLINE_MS });
  } catch (e) {
    deps.log.warn({ chat: chat.ref, err: (e as Error).message }, 'alert raised without a summary');
    return null;
  }
}

export async function raiseAlert(
  deps: Deps,
  chat: Chat,
  kind: ChatAlertKind,
  text: string,
  score: number | null,
): Promise<Alert | null> {
  const last = await deps.store.alerts.latest(chat.id, kind);
  if (last && deps.clock.now().getTime() - last.raisedAt.getTime() < deps.settings.alertCooldownMs) return null;
  const summary = await summaryForAlert(deps, chat);
  const alert = await deps.store.alerts.create({ chatId: chat.id, kind, text, score, summary });
  deps.log.info({ chat: chat.ref, kind, summary: summary?.source ?? null }, 'alert raised');
  for (const t of await alertTargets(deps, chat.businessUnit)) {
    try {
      const postId = await deps.surfaces
        .get(t.surface)!
        .postAlert(
          t.destination,
          alertView(chat, alert, await alertSummaryView(deps, chat, alert.summary, t.surface, t.destination)),
        );
      await deps.store.alerts.addPost(alert.id, t.surface, t.destination, postId);
    } catch (e) {
      deps.log.warn(
        { chat: chat.ref, surface: t.surface, destination: t.destination, err: (e as Error).message },
        'alert could not be posted there',
      );
    }
  }
  return alert;
}

/** Channels watching the unit (their watchers had the permission for it) and the configured alert channels. */
export async function alertTargets(
  deps: Deps,
  businessUnit: string,
): Promise<{ surface: SurfaceName; destination: string }[]> {
  const all = [
    ...(await deps.store.watches.forBusinessUnit(businessUnit)).map((w) => ({
      surface: w.surface,
      destination: w.destination,
    })),
    ...deps.settings.alertDestinations,
  ];
  const seen = new Set<string>();
  return all.filter((t) => {
    const k = `${t.surface}\u0000${t.destination}`;
    if (seen.has(k) || !deps.surfaces.has(t.surface)) return false;
    seen.add(k);
    return true;
  });
}

/** "I've got it": the newest alert of the chat (of that kind) is claimed once; every post of it shows who. */
export async function claimAlert(deps: Deps, who: Requester, ref: string, kind?: ChatAlertKind): Promise<ReplyView> {
  const chat = await findChat(deps, ref);
  const me = await requireSupervisor(deps, who);
  requirePermission(me, 'Supervise', chat.businessUnit);
  const candidates = await Promise.all(
    (kind ? [kind] : (['negative', 'inactive'] as const)).map((k) => deps.store.alerts.latest(chat.id, k)),
  );
  const alert = candidates
    .filter((a): a is Alert => !!a)
    .sort((a, b) => b.raisedAt.getTime() - a.raisedAt.getTime())[0];
  if (!alert) return { type: 'notice', tone: 'info', text: `There is no alert on ${chat.ref} to claim.` };
  const name = me.agent?.name ?? me.email;
  const claimed = await deps.store.alerts.claim(alert.id, name);
  if (!claimed)
    return {
      type: 'notice',
      tone: 'info',
      text: `${alert.claimedBy ?? (await deps.store.alerts.get(alert.id))?.claimedBy ?? 'Someone'} already has the ${alert.kind} alert on ${chat.ref}.`,
    };
  await deps.store.audit.record({ actor: me.email, action: 'claim-alert', chatId: chat.id, detail: alert.kind });
  for (const p of await deps.store.alerts.posts(alert.id)) {
    const surface = deps.surfaces.get(p.surface);
    if (!surface) continue;
    // The summary stored when it was raised, shown again (with its links there) now that it says who has it.
    const summary = await alertSummaryView(deps, chat, claimed.summary, p.surface, p.destination).catch(() => null);
    await surface
      .updateAlert(p.destination, p.postId, alertView(chat, claimed, summary))
      .catch((e) =>
        deps.log.warn(
          { chat: chat.ref, surface: p.surface, err: (e as Error).message },
          'could not mark the alert claimed there',
        ),
      );
  }
  return {
    type: 'notice',
    tone: 'success',
    text: `You've got the ${alert.kind} alert on ${chat.ref}; the others see it is yours.`,
  };
}
