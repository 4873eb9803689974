// What every use case gets: the ports, a clock, settings and a logger.
import type { ChatPlatform, Clock, CoreLogger, Jobs, Store, SupervisorSurface } from './ports';
import type { SurfaceName } from './model';

export interface CoreSettings {
  /** Recent lines a new thread starts with (SPEC §3.1: at least 20). */
  historyLines: number;
  adminEmails: string[];
  /** Wait this long after receipt before posting, so late earlier-stamped events still land in order. */
  reorderWindowMs: number;
  identityTtlMs: number;
  agentsTtlMs: number;
  pageSize: number;
}

export const defaultSettings: CoreSettings = {
  historyLines: 20,
  adminEmails: [],
  reorderWindowMs: 150,
  identityTtlMs: 10 * 60_000,
  agentsTtlMs: 60_000,
  pageSize: 10,
};

export interface Deps {
  store: Store;
  platform: ChatPlatform;
  surfaces: Map<SurfaceName, SupervisorSurface>;
  jobs: Jobs;
  clock: Clock;
  settings: CoreSettings;
  log: CoreLogger;
}

export function surfaceOf(deps: Deps, name: SurfaceName): SupervisorSurface {
  const s = deps.surfaces.get(name);
  if (!s) throw new Error(`surface ${name} is not configured`);
  return s;
}
