// The Intake port: a surface request is stored in surface_inbox (once, by its key) before the surface acknowledges it,
// then a job is asked to work it. Redis down or the job lost: the row stays unprocessed and the sweeper queues it again.
import type { Intake } from '../core/intake';
import { IntakeRefused, workKey } from '../core/intake';
import type { CoreLogger, SurfaceInboxStore } from '../core/ports';
import type { JobQueues } from './queues';

export function durableIntake(o: {
  store: SurfaceInboxStore;
  jobs: Pick<JobQueues, 'surfaceRequest'>;
  log: CoreLogger;
}): Intake {
  return {
    submit: async (work) => {
      // Throws when the database does not take it: the surface must not acknowledge (Slack retries, Teams gets a 5xx).
      let stored: { id: number; fresh: boolean };
      try {
        stored = await o.store.accept(workKey(work), JSON.stringify(work));
      } catch (e) {
        throw new IntakeRefused(e);
      }
      const { id, fresh } = stored;
      // Not awaited: while Redis is down ioredis holds the command until it is back, and the ack must not wait for that.
      if (fresh) {
        void o.jobs
          .surfaceRequest(id)
          .catch((e) =>
            o.log.warn({ id, err: (e as Error).message }, 'could not queue a stored surface request; the sweeper will'),
          );
      }
      return { fresh };
    },
  };
}
