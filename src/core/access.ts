// Who is asking and what they may do (SPEC §3.9): surface user → email → Convrs agent → permissions.
import type { Deps } from './deps';
import { surfaceOf } from './deps';
import { AppError } from './errors';
import type { Agent, Supervisor, SurfaceName } from './model';
import type { Requester } from './ports';

export type Permission = 'Supervise' | 'Supervise Open Chats' | 'All Chats';

const sameName = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** The known agents, refreshed from the platform when the cached list is older than the TTL. */
export async function knownAgents(deps: Deps): Promise<Agent[]> {
  const at = await deps.store.agents.refreshedAt();
  if (!at || deps.clock.now().getTime() - at.getTime() > deps.settings.agentsTtlMs) {
    try {
      await deps.store.agents.replaceAll(await deps.platform.getAgents());
    } catch (e) {
      if (!at) throw e;
      deps.log.warn({ err: (e as Error).message }, 'agents refresh failed; using the cached list');
    }
  }
  return deps.store.agents.all();
}

export async function resolveSupervisor(deps: Deps, who: Requester): Promise<Supervisor> {
  const cached = await deps.store.identities.get(who.surface, who.userId);
  let email = cached?.email ?? null;
  if (!cached || deps.clock.now().getTime() - cached.cachedAt.getTime() > deps.settings.identityTtlMs) {
    email = (await surfaceOf(deps, who.surface).emailOf(who.userId, who.context))?.toLowerCase() ?? null;
    await deps.store.identities.put(who.surface, who.userId, email);
  }
  const isAdmin = !!email && deps.settings.adminEmails.includes(email);
  const agent = email ? ((await knownAgents(deps)).find((a) => sameName(a.email, email!)) ?? null) : null;
  return { surface: who.surface, userId: who.userId, email, agent, isAdmin };
}

/**
 * A thread owner's rights now, for work done without a request (a worker posting to her thread): the email cached
 * when she last acted (a user's email does not change; asking the surface again may need a request context), the
 * agent's permissions as known now. Null when she cannot be matched: she then may see nothing.
 */
export async function supervisorOfUser(deps: Deps, surface: SurfaceName, userId: string): Promise<Supervisor | null> {
  const cached = await deps.store.identities.get(surface, userId);
  if (!cached) {
    try {
      return await resolveSupervisor(deps, { surface, userId, destination: '' });
    } catch (e) {
      deps.log.warn({ surface, err: (e as Error).message }, 'could not resolve a thread owner');
      return null;
    }
  }
  const email = cached.email;
  if (!email) return null;
  const agent = (await knownAgents(deps)).find((a) => sameName(a.email, email)) ?? null;
  return { surface, userId, email, agent, isAdmin: deps.settings.adminEmails.includes(email) };
}

/** A supervisor who is mapped to a Convrs agent (or an admin); otherwise an error that says how to get access. */
export async function requireSupervisor(deps: Deps, who: Requester): Promise<Supervisor & { email: string }> {
  const s = await resolveSupervisor(deps, who);
  if (!s.email)
    throw new AppError(
      'unmapped_user',
      "I can't see your email address, so I can't match you to a Convrs agent. Ask your Slack or Teams admin to let the bot read members' emails (Slack: the users:read.email scope; Teams: the app installed in this team or chat).",
    );
  if (!s.agent && !s.isAdmin)
    throw new AppError(
      'unmapped_user',
      `Your account (${s.email}) is not a Convrs agent. Ask your Convrs admin to add ${s.email} as an agent with the Supervise permission, or ask the bot's operator to add it to ADMIN_EMAILS.`,
    );
  return s as Supervisor & { email: string };
}

export function can(s: Supervisor, permission: Permission, businessUnit?: string): boolean {
  if (s.isAdmin) return true;
  if (!s.agent || !s.agent.permissions.some((p) => sameName(p, permission))) return false;
  return businessUnit === undefined || s.agent.businessUnits.some((b) => sameName(b, businessUnit));
}

export function requirePermission(s: Supervisor, permission: Permission, businessUnit?: string): void {
  if (can(s, permission, businessUnit)) return;
  const where = businessUnit ? ` in ${businessUnit}` : '';
  throw new AppError(
    'forbidden',
    `You need the Convrs permission "${permission}"${where} to do that. Ask your Convrs admin if you should have it.`,
  );
}

/** Business units a supervisor may see with a permission; undefined means every BU (admins). */
export function scopeOf(s: Supervisor, permission: Permission): string[] | undefined {
  if (s.isAdmin) return undefined;
  requirePermission(s, permission);
  return s.agent!.businessUnits;
}
