// The Intake port over the commands queue.
import type { Intake } from '../core/intake';
import type { JobQueues } from './queues';

export function queuedIntake(jobs: JobQueues): Intake {
  return {
    submit: async (work) => {
      await jobs.command(work);
      return { fresh: true };
    },
  };
}
