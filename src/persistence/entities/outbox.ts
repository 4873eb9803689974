// outbox: one row per (thread, message) to post; the post id is recorded once posted.
import { EntitySchema } from 'typeorm';
import type { SurfaceName } from '../../core/model';
import { columns, type Dialect } from './columns';
import type { MessageRow } from './message';
import type { ThreadRow } from './thread';

export interface OutboxRow {
  id: number;
  threadId: number;
  messageId: number;
  /** Denormalised from the thread so the drain query stays on one index. */
  surface: SurfaceName;
  destination: string;
  postId: string | null;
  postedAt: Date | null;
  /** Set before a post is attempted: after a crash, the surface is asked whether that post landed. */
  attemptKey: string | null;
  skippedReason: string | null;
  /** Posted even though its thread is closed: the thread's closing note. */
  final: boolean;
  createdAt: Date;
  thread?: ThreadRow;
  message?: MessageRow;
}

export function outboxEntity(d: Dialect) {
  const c = columns(d);
  return new EntitySchema<OutboxRow>({
    name: 'outbox',
    tableName: 'outbox',
    columns: {
      id: c.id(),
      threadId: c.int('thread_id'),
      messageId: c.int('message_id'),
      surface: c.text('surface'),
      destination: c.text('destination'),
      postId: c.text('post_id', true),
      postedAt: c.at('posted_at', true),
      attemptKey: c.text('attempt_key', true),
      skippedReason: c.text('skipped_reason', true),
      final: c.bool('final'),
      createdAt: c.at('created_at'),
    },
    relations: {
      thread: {
        type: 'many-to-one',
        target: 'thread',
        joinColumn: { name: 'thread_id' },
        createForeignKeyConstraints: false,
      },
      message: {
        type: 'many-to-one',
        target: 'message',
        joinColumn: { name: 'message_id' },
        createForeignKeyConstraints: false,
      },
    },
    uniques: [{ name: 'uq_outbox_thread_message', columns: ['threadId', 'messageId'] }],
  });
}
