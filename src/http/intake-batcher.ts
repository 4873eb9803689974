// Group commit at the intake: events accepted at about the same time are stored with one insert (one commit, one WAL
// flush) and wake the appliers with one Redis round trip, instead of one of each per event.
import type { NewInboxEvent } from '../core/ports';

export interface Accepted {
  id: number;
  fresh: boolean;
}

export interface IntakeBatcherOptions {
  /** Stores a batch with one statement; answers per event, in order (InboxStore.acceptMany). */
  acceptMany(events: NewInboxEvent[]): Promise<Accepted[]>;
  /** Wakes the appliers of a batch's fresh events (JobQueues.events). */
  wake(ids: number[]): Promise<void>;
  /** How long the first event of a batch waits for others. */
  windowMs?: number;
  /** A batch goes as soon as this many events wait. */
  maxBatch?: number;
}

export const INTAKE_WINDOW_MS = 2;
export const INTAKE_MAX_BATCH = 200;

interface Waiting {
  event: NewInboxEvent;
  at: number;
  resolve: (a: Accepted) => void;
  reject: (e: unknown) => void;
}

/**
 * One batch is inserted at a time: while its insert is in flight the next one gathers (so batches grow with the
 * database's latency, and ids follow the order of the calls). A batch that fails rejects every caller in it: nothing
 * was acknowledged, so the sender retries and the event keys make the retry safe.
 */
export class IntakeBatcher {
  private readonly windowMs: number;
  private readonly maxBatch: number;
  private waiting: Waiting[] = [];
  private timer: NodeJS.Timeout | undefined;
  private inserting = false;
  private closing = false;
  /** Batches not settled yet (inserting or waking). */
  private readonly unsettled = new Set<Promise<void>>();

  constructor(private readonly opts: IntakeBatcherOptions) {
    this.windowMs = opts.windowMs ?? INTAKE_WINDOW_MS;
    this.maxBatch = Math.max(1, opts.maxBatch ?? INTAKE_MAX_BATCH);
  }

  /** Stores the event (in the next batch); resolves once its batch is stored and its appliers woken. */
  accept(event: NewInboxEvent): Promise<Accepted> {
    return new Promise<Accepted>((resolve, reject) => {
      this.waiting.push({ event, at: Date.now(), resolve, reject });
      this.schedule();
    });
  }

  /** Sends what waits without waiting for the window, and resolves once every batch is settled. */
  async close(): Promise<void> {
    this.closing = true;
    this.schedule();
    while (this.unsettled.size || this.waiting.length) await Promise.all([...this.unsettled]);
  }

  private schedule(): void {
    // The insert in flight calls back when it ends.
    if (this.inserting || !this.waiting.length) return;
    const due =
      this.closing || this.waiting.length >= this.maxBatch ? 0 : this.waiting[0]!.at + this.windowMs - Date.now();
    if (due > 0) {
      this.timer ??= setTimeout(() => {
        this.timer = undefined;
        this.schedule();
      }, due);
      return;
    }
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.waiting.splice(0, this.maxBatch);
    const settled = this.commit(batch);
    this.unsettled.add(settled);
    void settled.finally(() => this.unsettled.delete(settled));
  }

  private async commit(batch: Waiting[]): Promise<void> {
    this.inserting = true;
    let accepted: Accepted[];
    try {
      accepted = await this.opts.acceptMany(batch.map((w) => w.event));
      if (accepted.length !== batch.length)
        throw new Error(`intake: ${batch.length} events stored, ${accepted.length} answers`);
    } catch (e) {
      for (const w of batch) w.reject(e);
      return;
    } finally {
      this.inserting = false;
      this.schedule();
    }
    // The wake overlaps the next batch's insert; callers hear back after it, as when each event woke its own.
    try {
      const fresh = accepted.filter((a) => a.fresh).map((a) => a.id);
      if (fresh.length) await this.opts.wake(fresh);
    } catch (e) {
      for (const w of batch) w.reject(e);
      return;
    }
    batch.forEach((w, i) => w.resolve(accepted[i]!));
  }
}
