// Thread reply → whisper and command → answer, from the stored request: worked once, whoever runs it (its job, the
// sweeper after a lost job, a stalled job run again); the whisper itself is recorded once per reply (send-whisper.ts).
import type { Deps } from '../deps';
import type { SurfaceWork } from '../intake';
import { runCommand } from './run-command';
import { whisperFromThreadReply, type WhisperOutcome } from './send-whisper';

export type RequestOutcome = WhisperOutcome | 'answered' | 'done-before' | 'no-surface';

/** Works the stored request `id` unless it was worked already, then marks it done. */
export async function workStoredRequest(deps: Deps, id: number): Promise<RequestOutcome> {
  const row = await deps.store.surfaceInbox.get(id);
  if (!row || row.processedAt) return 'done-before';
  const outcome = await workSurfaceRequest(deps, JSON.parse(row.payload) as SurfaceWork);
  await deps.store.surfaceInbox.markDone(id);
  return outcome;
}

export async function workSurfaceRequest(deps: Deps, work: SurfaceWork): Promise<RequestOutcome> {
  if (!deps.surfaces.has(work.who.surface)) return 'no-surface';
  if (work.kind === 'command') {
    await runCommand(deps, work.who, work.text, work.requestId);
    return 'answered';
  }
  return whisperFromThreadReply(deps, work.who, work.reply);
}
