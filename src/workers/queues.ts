// The BullMQ queues and the Jobs port over them. Queue order is never relied on (see drain).
import { Job, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { createHash } from 'node:crypto';
import { BACKOFF_TYPE } from './backoff';
import type { Jobs } from '../core/ports';
import type { SurfaceWork } from '../core/intake';
import type { SurfaceName } from '../core/model';
import type { CardChange } from '../core/usecases/refresh-cards';
import { shardOf } from '../core/drain-shard';
import { CardGate, DEFAULT_CARD_PACING, type CardPacing } from './card-pacing';

export const QUEUE_NAMES = ['events', 'drain', 'cards', 'commands', 'scores', 'timers', 'maintenance'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

/** One event on its own (an event that failed in its batch, retried with the queue's backoff). */
export interface EventJob {
  inboxId: number;
}
/** Apply what is pending in one shard of the inbox (see JobQueues.event). */
export interface ApplyJob {
  shard: number;
}
/**
 * Inbox ids are split into this many shards by id; each shard's events are applied by one job at a time, in batches
 * (its conversations a few at once, its plain messages in one write). Few shards make big batches.
 */
export const EVENT_SHARDS = 2;
/**
 * An apply job runs this long after the first event that asks for it: the events accepted meanwhile join its batch (at
 * 200 events/s, ~1 event per run without it, one job and three statements each). Lines wait 150 ms anyway.
 */
export const APPLY_GATHER_MS = 20;
/** Drain one shard of destinations (see src/core/drain-shard.ts); `surface`/`destination`: a job queued by an older version. */
export interface DrainJob {
  shard: number;
  surface?: SurfaceName;
  destination?: string;
}
/**
 * Destinations are split into this many shards; each shard is drained by one job at a time, posting to all its
 * destinations at once. More shards: more runs in parallel; fewer: more lines per run (one read and two writes each).
 */
export const DRAIN_SHARDS = 2;
export interface CardsJob {
  chatId: number;
}
export interface ScoreJob {
  chatId: number;
  reason: 'messages' | 'finish' | 'feedback';
}
export interface TimerJob {
  chatId: number;
}
/** An agent's orphaned-chats check (job name `orphans`); with `awaySince`/`dueAt` (epoch ms) their Away check. */
export interface OrphansJob {
  agentEmail: string;
  awaySince?: number;
  dueAt?: number;
}
/** A stored surface request (surface_inbox row), worked once. */
export interface SurfaceRequestJob {
  requestId: number;
}
/** A surface request carried whole (the terminal's; a job queued by an older version). */
export type CommandJob = SurfaceWork;

/** Job ids and dedup ids may not contain ':' (BullMQ); destinations may, so they are hashed. */
export const keyOf = (...parts: string[]) => createHash('sha1').update(parts.join('\u0000')).digest('hex').slice(0, 20);

export interface QueueOptions {
  /**
   * A drain runs this long after it is asked for. Lines wait out the reorder window (REORDER_WINDOW_MS, 150 ms by
   * default) before they may be posted, so a drain that ran at once would only find them too young and come back.
   */
  drainDelayMs?: number;
  /** How card edits are paced (see card-pacing.ts). */
  cards?: Partial<CardPacing>;
  /** An apply job runs this long after new events ask for it (default APPLY_GATHER_MS). */
  applyDelayMs?: number;
}

/**
 * Scoring runs are rate-limited (SCORE_RATE_PER_SECOND): a finished chat's CSAT and a re-score after feedback go
 * before the routine sentiment runs of busy chats, so they come within seconds however many chats are live.
 * (BullMQ: 1 is the highest priority.)
 */
const PRIORITY_VERDICT = 1;
const PRIORITY_ROUTINE = 10;

/** A drain job this process added or moved is trusted to be waiting until this long before it is due. */
const DRAIN_DUE_MARGIN_MS = 25;
/**
 * A line may wait this much longer than its due time for a drain job already waiting (lines of a run gather; a run
 * comes back DRAIN_GATHER_MS after the last one).
 */
const DRAIN_LATE_OK_MS = 100;

/** A job this process added is trusted to be there until this long before it is due. */
const DUE_MARGIN_MS = 1_000;

export class JobQueues implements Jobs {
  readonly queues: Record<QueueName, Queue>;
  private readonly drainDelayMs: number;
  private readonly applyDelayMs: number;
  private readonly cardGate: CardGate;
  /** Per chat: when the debounced score job this process added will run. */
  private readonly scoreDue = new DueMemo();
  /** Per chat: when the inactivity timer this process added fires. */
  private readonly inactivityDue = new DueMemo();
  /** Per drain shard: when the drain job this process added or moved will run. */
  private readonly drainDue = new Map<number, { at: number; jobId: string }>();

  constructor(
    connection: Redis,
    prefix: string,
    private readonly scoreDebounceMs = 10_000,
    opts: QueueOptions = {},
  ) {
    this.drainDelayMs = opts.drainDelayMs ?? 150;
    this.applyDelayMs = opts.applyDelayMs ?? APPLY_GATHER_MS;
    this.cardGate = new CardGate(connection, prefix, { ...DEFAULT_CARD_PACING, ...opts.cards });
    const make = (name: QueueName) =>
      new Queue(name, {
        connection,
        prefix,
        defaultJobOptions: {
          attempts: 8,
          backoff: { type: BACKOFF_TYPE, delay: 500 },
          removeOnComplete: true,
          removeOnFail: { count: 5000 },
        },
      });
    this.queues = {
      events: make('events'),
      drain: make('drain'),
      cards: make('cards'),
      commands: make('commands'),
      scores: make('scores'),
      timers: make('timers'),
      maintenance: make('maintenance'),
    };
  }

  /**
   * A new event is applied by its shard's apply job, which takes every pending event of the shard in batches (one
   * read for many events, not one job and one read each). One apply job per shard waits at a time: adds while one
   * waits are folded into it; an add while one runs leaves one follow-up, so an event stored after the running job
   * last looked is still picked up.
   */
  async event(inboxId: number): Promise<void> {
    await this.events([inboxId]);
  }

  /** New events (a batch of the intake): one apply job per shard they fall in, all added in one Redis round trip. */
  async events(inboxIds: number[]): Promise<void> {
    const shards = [...new Set(inboxIds.map((id) => id % EVENT_SHARDS))];
    if (!shards.length) return;
    const delay = this.applyDelayMs > 0 ? { delay: this.applyDelayMs } : {};
    // addBulk queues the same add script per job on one pipeline; the script honours the deduplication options.
    await this.queues.events.addBulk(
      shards.map((shard) => ({
        name: 'apply',
        data: { shard } satisfies ApplyJob,
        opts: { ...delay, deduplication: { id: `ap-${shard}`, keepLastIfActive: true } },
      })),
    );
  }

  /** An event that failed in its batch, on its own with the queue's retries and backoff (it keeps its place otherwise). */
  async retryEvent(inboxId: number, delayMs: number): Promise<void> {
    await this.queues.events.add('event', { inboxId } satisfies EventJob, { jobId: `ev-${inboxId}`, delay: delayMs });
  }

  async drain(surface: SurfaceName, destination: string, notBefore?: Date): Promise<void> {
    const shard = shardOf(surface, destination, DRAIN_SHARDS).index;
    const now = Date.now();
    const at = notBefore ? Math.max(now, notBefore.getTime()) : now + this.drainDelayMs;
    // The shard's job, added or moved by this process, is still waiting and runs no later than this line is due: it
    // will read the line (stored before this call). So a busy shard, whose job keeps coming back while lines wait,
    // costs no Redis call per line.
    const due = this.drainDue.get(shard);
    if (due && due.at - DRAIN_DUE_MARGIN_MS > now) {
      if (due.at <= at + DRAIN_LATE_OK_MS) return;
      // It waits for something later (a paced destination): bring it forward for this line.
      try {
        await new Job(this.queues.drain, 'drain', { shard } satisfies DrainJob, {}, due.jobId).changeDelay(at - now);
        this.drainDue.set(shard, { at, jobId: due.jobId });
        return;
      } catch {
        // No longer waiting (it ran, or another process moved it): add one, below.
      }
    }
    // One drain job per shard at a time: adds while one waits are folded into it; adds while one runs leave one
    // follow-up (lines stored after it looked), so a run can end as soon as it has posted what it saw.
    const jobId = `d-${shard}-${now}-${Math.random().toString(36).slice(2, 8)}`;
    const job = await this.queues.drain.add('drain', { shard } satisfies DrainJob, {
      jobId,
      delay: at - now,
      deduplication: { id: `d-${shard}`, keepLastIfActive: true },
    });
    if (job.id === jobId) this.drainDue.set(shard, { at, jobId });
  }

  /** The drain job of a shard, run by this process, moved itself to run again at `at` (see drain). */
  drainMoved(shard: number, jobId: string, at: Date): void {
    this.drainDue.set(shard, { at: at.getTime(), jobId });
  }

  /**
   * Card edits are rate-limited (Slack: chat.update, Tier 3). A state change edits the card after a short lead (a
   * burst of changes makes one edit); routine changes edit it at most once per interval per chat, and all edits
   * share a workspace budget. An edit already scheduled shows every change made before it runs.
   */
  async refreshCards(chatId: number, change: CardChange = 'routine'): Promise<void> {
    const slot = await this.cardGate.schedule(chatId, change);
    if (!slot) return;
    const now = Date.now();
    await this.queues.cards.add('cards', { chatId } satisfies CardsJob, {
      delay: Math.max(0, slot.at - now),
      jobId: `c-${chatId}-${slot.at}`,
    });
    // A state change came before the routine edit that was waiting: that one has nothing left to show.
    if (slot.previous) await this.queues.cards.remove(`c-${chatId}-${slot.previous}`).catch(() => undefined);
  }

  async scoreChat(chatId: number, reason: ScoreJob['reason']): Promise<void> {
    const now = Date.now();
    if (reason === 'finish' || reason === 'feedback') {
      // Right away. Asks while one waits fold into it, one while it runs leaves one follow-up. Our finish and Convrs's
      // finish event both ask: a run after a CSAT made since the finish does nothing (scoreChat), so one model call.
      const key = `${reason === 'finish' ? 'sf' : 'sb'}-${chatId}`;
      await this.queues.scores.add('score', { chatId, reason } satisfies ScoreJob, {
        jobId: `${key}-${now}`,
        deduplication: { id: key, keepLastIfActive: true },
        priority: PRIORITY_VERDICT,
      });
      return;
    }
    // Debounce: one delayed job per chat; messages while it runs leave one follow-up (at most 1 active + 1 waiting).
    // While the job this process added is still waiting, it will read these messages too: no Redis call.
    if (this.scoreDue.covers(chatId, now)) return;
    const jobId = `s-${chatId}-${now}`;
    const job = await this.queues.scores.add('score', { chatId, reason } satisfies ScoreJob, {
      delay: this.scoreDebounceMs,
      jobId,
      deduplication: { id: `s-${chatId}`, keepLastIfActive: true },
      priority: PRIORITY_ROUTINE,
    });
    if (job.id === jobId) this.scoreDue.set(chatId, now + this.scoreDebounceMs);
  }

  async armInactivity(chatId: number, dueAt: Date): Promise<void> {
    // One timer per chat, set once: when it fires it re-reads the chat's last activity and, if there was some since,
    // waits again until that activity is INACTIVITY_MINUTES old (checkInactivity). So a new message needs no Redis
    // write (moving the timer on every message cost one Lua script per event), and none at all while this process
    // knows the timer it added is still waiting.
    const now = Date.now();
    if (this.inactivityDue.covers(chatId, now)) return;
    const jobId = `in-${chatId}-${now}`;
    const job = await this.queues.timers.add('inactive', { chatId } satisfies TimerJob, {
      delay: Math.max(0, dueAt.getTime() - now),
      jobId,
      deduplication: { id: `in-${chatId}` },
    });
    if (job.id === jobId) this.inactivityDue.set(chatId, dueAt.getTime());
  }

  async checkOrphans(agentEmail: string, away?: { since: Date; dueAt: Date; move: boolean }): Promise<void> {
    const email = agentEmail.trim().toLowerCase();
    const now = Date.now();
    if (!away) {
      // Right away; asks while one waits fold into it, one while it runs leaves one follow-up (it reads the agent then).
      const key = `oc-${keyOf(email)}`;
      await this.queues.timers.add('orphans', { agentEmail: email } satisfies OrphansJob, {
        jobId: `${key}-${now}`,
        deduplication: { id: key, keepLastIfActive: true },
      });
      return;
    }
    // One Away check per agent. Going Away again moves it (replace: the new one's time and data; while one runs, the
    // new one follows it); at start-up an armed one is kept, since it knows when the agent really went Away.
    const key = `oa-${keyOf(email)}`;
    await this.queues.timers.add(
      'orphans',
      { agentEmail: email, awaySince: away.since.getTime(), dueAt: away.dueAt.getTime() } satisfies OrphansJob,
      {
        jobId: `${key}-${now}`,
        delay: Math.max(0, away.dueAt.getTime() - now),
        deduplication: away.move ? { id: key, replace: true, keepLastIfActive: true } : { id: key },
      },
    );
  }

  async command(job: CommandJob): Promise<void> {
    const id = job.kind === 'command' ? job.requestId : job.reply.replyId;
    await this.queues.commands.add(job.kind, job, {
      jobId: `cmd-${keyOf(job.who.surface, job.who.userId, id)}`,
      attempts: 3,
    });
  }

  /** Works a stored surface request; one job per row while it exists (the sweeper's re-asks fold into it). */
  async surfaceRequest(requestId: number): Promise<void> {
    await this.queues.commands.add('request', { requestId } satisfies SurfaceRequestJob, {
      jobId: `sr-${requestId}`,
      attempts: 3,
    });
  }

  async close(): Promise<void> {
    await Promise.all(Object.values(this.queues).map((q) => q.close()));
  }
}

/** Per chat, when a delayed job this process added is due; forgotten once due (the map stays small). */
class DueMemo {
  private readonly due = new Map<number, number>();

  covers(chatId: number, now: number): boolean {
    const at = this.due.get(chatId);
    if (at === undefined) return false;
    if (at - DUE_MARGIN_MS > now) return true;
    this.due.delete(chatId);
    return false;
  }

  set(chatId: number, at: number): void {
    if (this.due.size > 50_000) for (const [id, t] of this.due) if (t < Date.now()) this.due.delete(id);
    this.due.set(chatId, at);
  }
}
