// The BullMQ queues and the Jobs port over them. Queue order is never relied on (see drain).
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { createHash } from 'node:crypto';
import type { Jobs } from '../core/ports';
import type { Requester } from '../core/ports';
import type { SurfaceName } from '../core/model';
import type { ThreadReply } from '../core/usecases/send-whisper';

export const QUEUE_NAMES = ['events', 'drain', 'cards', 'commands', 'scores', 'timers', 'maintenance'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

export interface EventJob { inboxId: number }
export interface DrainJob { surface: SurfaceName; destination: string }
export interface CardsJob { chatId: number }
export interface ScoreJob { chatId: number; reason: 'messages' | 'finish' }
export interface TimerJob { chatId: number }
export type CommandJob =
  | { kind: 'command'; who: Requester; text: string; requestId: string }
  | { kind: 'thread-reply'; who: Requester; reply: ThreadReply };

/** Job ids and dedup ids may not contain ':' (BullMQ); destinations may, so they are hashed. */
export const keyOf = (...parts: string[]) => createHash('sha1').update(parts.join('\u0000')).digest('hex').slice(0, 20);

export class JobQueues implements Jobs {
  readonly queues: Record<QueueName, Queue>;

  constructor(connection: Redis, prefix: string, private readonly scoreDebounceMs = 10_000) {
    const make = (name: QueueName) =>
      new Queue(name, {
        connection,
        prefix,
        defaultJobOptions: { attempts: 8, backoff: { type: 'exponential', delay: 500 }, removeOnComplete: true, removeOnFail: { count: 5000 } },
      });
    this.queues = {
      events: make('events'), drain: make('drain'), cards: make('cards'), commands: make('commands'),
      scores: make('scores'), timers: make('timers'), maintenance: make('maintenance'),
    };
  }

  async event(inboxId: number): Promise<void> {
    await this.queues.events.add('event', { inboxId } satisfies EventJob, { jobId: `ev-${inboxId}` });
  }

  async drain(surface: SurfaceName, destination: string): Promise<void> {
    // One drain job per destination at a time: adds while one waits or runs are folded into it.
    await this.queues.drain.add('drain', { surface, destination } satisfies DrainJob, { deduplication: { id: `d-${keyOf(surface, destination)}` } });
  }

  async refreshCards(chatId: number): Promise<void> {
    // Card edits are rate-limited (Slack Tier 3): coalesce changes within 300 ms into one edit.
    await this.queues.cards.add('cards', { chatId } satisfies CardsJob, { delay: 300, deduplication: { id: `c-${chatId}`, ttl: 300 } });
  }

  async scoreChat(chatId: number, reason: 'messages' | 'finish'): Promise<void> {
    if (reason === 'finish') {
      await this.queues.scores.add('score', { chatId, reason } satisfies ScoreJob, { jobId: `sf-${chatId}` });
      return;
    }
    // Debounce: one delayed job per chat; messages while it runs leave one follow-up (at most 1 active + 1 waiting).
    await this.queues.scores.add('score', { chatId, reason } satisfies ScoreJob, {
      delay: this.scoreDebounceMs,
      deduplication: { id: `s-${chatId}`, keepLastIfActive: true },
    });
  }

  async armInactivity(chatId: number, dueAt: Date): Promise<void> {
    // One timer per chat: a new message moves it (reschedule) instead of adding another.
    await this.queues.timers.add('inactive', { chatId } satisfies TimerJob, {
      delay: Math.max(0, dueAt.getTime() - Date.now()),
      deduplication: { id: `in-${chatId}`, reschedule: true },
    });
  }

  async command(job: CommandJob): Promise<void> {
    const id = job.kind === 'command' ? job.requestId : job.reply.replyId;
    await this.queues.commands.add(job.kind, job, { jobId: `cmd-${keyOf(job.who.surface, job.who.userId, id)}`, attempts: 3 });
  }

  async close(): Promise<void> {
    await Promise.all(Object.values(this.queues).map((q) => q.close()));
  }
}
