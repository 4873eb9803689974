// The Teams adapter as the app sees it: a surface for the workers, a router for the web role.
import type { Router } from 'express';
import type { Logger } from 'pino';
import type { Deps } from '../../src/core/deps';
import type { SurfaceStateStore } from '../../src/core/ports';
import type { Intake } from '../../src/core/intake';
import { teamsTurnHandler } from './bot';
import type { TeamsConfig } from './config';
import { createAdapter } from './connector';
import { createTeamsRouter } from './receiver';
import { TeamsSurface } from './surface';

export { teamsConfig, type TeamsConfig } from './config';

export interface TeamsAdapter {
  surface: TeamsSurface;
  router(deps: Deps, intake: Intake): Router;
  /** Where download links point when PUBLIC_BASE_URL is not set (the local server). */
  setLocalUrl(url: string): void;
}

export function createTeams(config: TeamsConfig, o: { log: Logger; state: SurfaceStateStore }): TeamsAdapter {
  const adapter = createAdapter(config, o.log);
  let localUrl = '';
  const surface = new TeamsSurface({
    adapter,
    appId: config.appId,
    state: o.state,
    log: o.log,
    baseUrl: () => config.publicBaseUrl ?? localUrl,
  });
  return {
    surface,
    router: (deps, intake) =>
      createTeamsRouter({
        adapter,
        state: o.state,
        log: o.log,
        handle: teamsTurnHandler({ deps, surface, intake, log: o.log }),
      }),
    setLocalUrl: (url) => {
      localUrl = url;
    },
  };
}
