// The intake port: what a surface hands the core (a command, a button, a thread reply to whisper) to be worked.
import type { Requester } from './ports';
import type { ThreadReply } from './usecases/send-whisper';

/** One request from a supervisor surface, in neutral terms. */
export type SurfaceWork =
  | { kind: 'command'; who: Requester; text: string; requestId: string }
  | { kind: 'thread-reply'; who: Requester; reply: ThreadReply };

export interface Intake {
  /**
   * Takes the work (stored once by the surface's own id for it) and has it worked. Resolves once it is safely taken:
   * only then may the surface acknowledge. Rejects when it could not be: the surface must not acknowledge, so the
   * platform retries. `fresh` is false for a redelivery of work already taken (it is worked once).
   */
  submit(work: SurfaceWork): Promise<{ fresh: boolean }>;
}

/** The work's unique key: the surface's own id for the request (a retried delivery carries the same). */
export function workKey(w: SurfaceWork): string {
  const id = w.kind === 'command' ? w.requestId : w.reply.replyId;
  return [w.who.surface, w.kind, w.who.userId, w.who.destination, id].join('|');
}

/** The intake could not store the work (the database is down): the surface must answer so that the platform retries. */
export class IntakeRefused extends Error {
  override readonly name = 'IntakeRefused';
  constructor(cause: unknown) {
    super(`the request could not be stored: ${(cause as Error)?.message ?? String(cause)}`);
  }
}

export const isIntakeRefused = (e: unknown): boolean => (e as { name?: unknown } | null)?.name === 'IntakeRefused';
