// Orphaned chats: an agent who goes Offline or Disabled (or stays Away past ORPHAN_AFTER_MINUTES) holding open chats
// raises an alert per unit, where that unit's alerts go, with "Transfer all to …"; claimable like the other alerts.
import { requirePermission, requireSupervisor } from '../access';
import type { Deps } from '../deps';
import { groupBy } from '../group-by';
import type { Agent, Alert } from '../model';
import type { Requester } from '../ports';
import type { ReplyView } from '../views';
import { agentsWithLoad } from './agents';
import { matchAgent, openChatsOf } from './agent-load';
import {
  isAway,
  isGone,
  ORPHAN_REFRESH_WINDOW_MS,
  raiseOrphanAlert,
  refreshOrphanAlerts,
  updateOrphanPosts,
} from './orphan-alerts';
import { resolveBusinessUnit } from './watch';

export { isAway, isGone } from './orphan-alerts';

/**
 * An agent event was applied (`openChats`: theirs in our chats table). Going Offline or Disabled is checked at once;
 * going Away arms the agent's Away check (moved if they went Away again); coming back updates their alerts. The checks
 * run in a worker, not in the event applier.
 */
export async function afterAgentStatus(
  deps: Deps,
  before: Agent | null,
  after: Agent,
  openChats: number,
  at: Date,
): Promise<void> {
  if (openChats === 0) return;
  const [wasGone, wasAway] = [!!before && isGone(before), !!before && isAway(before)];
  if (isGone(after)) {
    if (!wasGone) await deps.jobs.checkOrphans(after.email);
    return;
  }
  if (wasGone || (wasAway && !isAway(after))) await deps.jobs.checkOrphans(after.email);
  if (isAway(after) && (!wasAway || wasGone)) {
    await deps.jobs.checkOrphans(after.email, {
      since: at,
      dueAt: new Date(at.getTime() + deps.settings.orphanAfterMs),
      move: true,
    });
  }
}

/**
 * The worker's check. Without `away`: an agent still Offline or Disabled raises one alert per unit they hold open
 * chats of (each cooled down). With `away`: an agent still Away (and not gone: that is the other check's) since `since`
 * raises them once `dueAt` has come. Either way the agent's recent alerts are brought up to date.
 */
export async function checkOrphans(
  deps: Deps,
  agentEmail: string,
  away?: { since: Date; dueAt: Date },
): Promise<{ again?: Date; raised: number }> {
  const agent = await deps.store.agents.byEmail(agentEmail);
  if (!agent) return { raised: 0 };
  const now = deps.clock.now();
  let why: string | null = null;
  if (!away && isGone(agent)) why = `went ${agent.status}`;
  if (away && !isGone(agent) && isAway(agent)) {
    if (now.getTime() < away.dueAt.getTime()) return { again: away.dueAt, raised: 0 };
    why = `has been Away for ${Math.max(1, Math.round((now.getTime() - away.since.getTime()) / 60_000))} min`;
  }
  const raised = new Set<number>();
  if (why) {
    for (const [unit, chats] of groupBy(await openChatsOf(deps, agent.email), (c) => c.businessUnit)) {
      const alert = await raiseOrphanAlert(deps, agent, unit, chats, why);
      if (alert) raised.add(alert.id);
    }
  }
  await refreshOrphanAlerts(deps, agent.email, raised);
  return { raised: raised.size };
}

/**
 * A chat left an agent (moved or finished): when they have a recent orphaned-chats alert, it is brought up to date
 * by the check (one indexed read here; nothing else for the many agents without one).
 */
export async function afterChatLeftAgent(deps: Deps, agentEmail: string): Promise<void> {
  const since = new Date(deps.clock.now().getTime() - ORPHAN_REFRESH_WINDOW_MS);
  const [recent] = await deps.store.alerts.forAgent(agentEmail, 'orphaned', { since, limit: 1 });
  if (recent) await deps.jobs.checkOrphans(agentEmail);
}

/**
 * At start: every agent Away now while holding open chats gets an Away check, unless one is armed (timers live in
 * Redis; this covers a Redis that lost them). When they went Away is not known here, so it counts from now.
 */
export async function armAllAwayChecks(deps: Deps): Promise<number> {
  const counts = await deps.store.chats.openCountsByAgent();
  const now = deps.clock.now();
  let n = 0;
  for (const a of await deps.store.agents.all()) {
    if (!isAway(a) || isGone(a) || !counts.get(a.email.toLowerCase())) continue;
    await deps.jobs.checkOrphans(a.email, {
      since: now,
      dueAt: new Date(now.getTime() + deps.settings.orphanAfterMs),
      move: false,
    });
    n++;
  }
  return n;
}

/** `claim agent:<email|name> [bu:<unit>]`: "I've got it" on the agent's newest orphaned-chats alert (in that unit). */
export async function claimOrphanAlert(
  deps: Deps,
  who: Requester,
  rawAgent: string,
  rawUnit: string | undefined,
): Promise<ReplyView> {
  const me = await requireSupervisor(deps, who);
  const agent = matchAgent(await agentsWithLoad(deps), rawAgent);
  const unit = rawUnit ? await resolveBusinessUnit(deps, rawUnit) : undefined;
  const [alert] = await deps.store.alerts.forAgent(agent.email, 'orphaned', {
    ...(unit ? { businessUnit: unit } : {}),
    limit: 1,
  });
  const of = unit ? ` in ${unit}` : '';
  if (!alert)
    return { type: 'notice', tone: 'info', text: `There is no orphaned-chats alert for ${agent.name}${of} to claim.` };
  requirePermission(me, 'Supervise', alert.businessUnit ?? undefined);
  const what = `the orphaned-chats alert for ${agent.name}'s ${alert.businessUnit} chats`;
  const claimed: Alert | null = await deps.store.alerts.claim(alert.id, me.agent?.name ?? me.email);
  if (!claimed)
    return {
      type: 'notice',
      tone: 'info',
      text: `${(await deps.store.alerts.get(alert.id))?.claimedBy ?? 'Someone'} already has ${what}.`,
    };
  await deps.store.audit.record({
    actor: me.email,
    action: 'claim-alert',
    chatId: alert.chatId,
    detail: `orphaned ${agent.email} ${alert.businessUnit}`,
  });
  await updateOrphanPosts(deps, claimed);
  return { type: 'notice', tone: 'success', text: `You've got ${what}; the others see it is yours.` };
}
