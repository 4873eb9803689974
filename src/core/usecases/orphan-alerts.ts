// The orphaned-chats alert: raised once per (agent, unit) within the cooldown, posted where the unit's alerts go, and
// re-rendered from what is true now (the chats still held, who claimed it, whether the agent is back).
import type { Deps } from '../deps';
import type { Agent, Alert, Chat } from '../model';
import type { CommandButtonView, OrphanAlertView } from '../views';
import { agentsWithLoad } from './agents';
import { alertTargets } from './alerts';
import { leastLoaded, loadOf, openChatsOf, unitWord } from './agent-load';

/** Alerts older than this are left as they are: their buttons still check everything when clicked. */
export const ORPHAN_REFRESH_WINDOW_MS = 24 * 60 * 60_000;

/**
 * Convrs documents the statuses Online, Offline, Busy and Disabled; "Away" is the status an agent picks for herself
 * (`selfStatus`), assumed to start with the word, e.g. "Away" or "Away - back at 3".
 */
export const isAway = (a: Pick<Agent, 'selfStatus'>): boolean => /^away\b/i.test(a.selfStatus?.trim() ?? '');
export const isGone = (a: Pick<Agent, 'status'>): boolean => a.status === 'Offline' || a.status === 'Disabled';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Riskiest first: negative, then inactive, then the one idle longest. */
function byRisk(a: Chat, b: Chat): number {
  const rank = (c: Chat) => (c.sentimentLabel === 'negative' ? 0 : c.inactive ? 1 : 2);
  return rank(a) - rank(b) || a.lastActivityAt.getTime() - b.lastActivityAt.getTime() || a.id - b.id;
}

/** The alert as it stands now: the agent's open chats of the unit, the moves that fit them, and whether it is over. */
export async function orphanAlertView(deps: Deps, alert: Alert): Promise<OrphanAlertView> {
  const email = alert.agentEmail ?? '';
  const unit = alert.businessUnit ?? '';
  const agents = await agentsWithLoad(deps);
  const agent = agents.find((a) => a.email.toLowerCase() === email) ?? (await deps.store.agents.byEmail(email));
  const name = agent?.name ?? email;
  const chats = (await openChatsOf(deps, email, unit)).sort(byRisk);
  const back = agent && !isGone(agent) && !isAway(agent);
  const resolved =
    chats.length === 0
      ? `None of ${name}'s ${unit} chats are waiting any more.`
      : back
        ? `${name} is back (${agent.status}).`
        : null;
  const from = `transfer-all ${email} ${unitWord(unit)} to`;
  const moves: CommandButtonView[] = [];
  if (!resolved) {
    moves.push({ label: `Transfer all to ${unit}`, command: `${from} ${unitWord(unit)}` });
    const to = leastLoaded(agents, { unit, need: chats.length, exclude: email });
    if (to)
      moves.push({
        label: `Transfer all to ${to.name} (${loadOf(to)})`,
        command: `${from} ${to.email}`,
        style: 'primary',
      });
  }
  return {
    kind: 'orphaned',
    agent: { name, email, status: agent?.status ?? 'Offline', selfStatus: agent?.selfStatus ?? null },
    businessUnit: unit,
    text: alert.text,
    chats: chats.map((c) => ({
      ref: c.ref,
      customerName: c.customerName,
      lastActivityAt: c.lastActivityAt,
      flags: [...(c.sentimentLabel === 'negative' ? ['negative'] : []), ...(c.inactive ? ['inactive'] : [])],
    })),
    moves,
    claimedBy: alert.claimedBy,
    claimCommand: `claim agent:${email} ${unitWord(unit)}`,
    resolved,
  };
}

/**
 * One alert for an agent's open chats of a unit, unless the same (agent, unit) was alerted within the cooldown. Filed
 * under the first of those chats; posted to the channels watching the unit and the configured alert channels.
 */
export async function raiseOrphanAlert(
  deps: Deps,
  agent: Agent,
  unit: string,
  chats: Chat[],
  why: string,
): Promise<Alert | null> {
  const [last] = await deps.store.alerts.forAgent(agent.email, 'orphaned', { businessUnit: unit, limit: 1 });
  if (last && deps.clock.now().getTime() - last.raisedAt.getTime() < deps.settings.alertCooldownMs) return null;
  const text = `${agent.name} ${why} holding ${plural(chats.length, 'open chat')} of ${unit}.`;
  const alert = await deps.store.alerts.create({
    chatId: chats[0].id,
    kind: 'orphaned',
    text,
    score: null,
    agentEmail: agent.email,
    businessUnit: unit,
  });
  deps.log.info({ alert: alert.id, unit, chats: chats.length }, 'orphaned-chats alert raised');
  const view = await orphanAlertView(deps, alert);
  for (const t of await alertTargets(deps, unit)) {
    try {
      const postId = await deps.surfaces.get(t.surface)!.postAlert(t.destination, view);
      await deps.store.alerts.addPost(alert.id, t.surface, t.destination, postId);
    } catch (e) {
      deps.log.warn(
        { alert: alert.id, surface: t.surface, destination: t.destination, err: (e as Error).message },
        'alert could not be posted there',
      );
    }
  }
  return alert;
}

/** Every copy of the alert shows what is true now. */
export async function updateOrphanPosts(deps: Deps, alert: Alert): Promise<void> {
  const view = await orphanAlertView(deps, alert);
  for (const p of await deps.store.alerts.posts(alert.id)) {
    await deps.surfaces
      .get(p.surface)
      ?.updateAlert(p.destination, p.postId, view)
      .catch((e) =>
        deps.log.warn(
          { alert: alert.id, surface: p.surface, err: (e as Error).message },
          'could not update the orphaned-chats alert there',
        ),
      );
  }
}

/** The agent's newest orphaned-chats alert per unit (of the last day), brought up to date; `skip`: just posted. */
export async function refreshOrphanAlerts(
  deps: Deps,
  agentEmail: string,
  skip: Set<number> = new Set(),
): Promise<number> {
  const since = new Date(deps.clock.now().getTime() - ORPHAN_REFRESH_WINDOW_MS);
  const seen = new Set<string>();
  let n = 0;
  for (const a of await deps.store.alerts.forAgent(agentEmail, 'orphaned', { since })) {
    if (seen.has(a.businessUnit ?? '')) continue;
    seen.add(a.businessUnit ?? '');
    if (skip.has(a.id)) continue;
    await updateOrphanPosts(deps, a);
    n++;
  }
  return n;
}
