// threads: where a chat is mirrored on a surface (one per chat, surface and destination).
import { EntitySchema } from 'typeorm';
import type { Thread } from '../../core/model';
import { columns, type Dialect } from './columns';

/** `drainHash`: destinationHash(surface, destination), so the drain selects one shard's rows in SQL. */
export type ThreadRow = Thread & { drainHash?: number };

export function threadEntity(d: Dialect) {
  const c = columns(d);
  return new EntitySchema<ThreadRow>({
    name: 'thread',
    tableName: 'threads',
    columns: {
      id: c.id(),
      chatId: c.int('chat_id'),
      surface: c.text('surface'),
      destination: c.text('destination'),
      kind: c.text('kind'),
      ownerUserId: c.text('owner_user_id', true),
      rootPostId: c.text('root_post_id', true),
      fromSeq: c.int('from_seq'),
      active: c.bool('active'),
      createdAt: c.at('created_at'),
      drainHash: { ...c.int('drain_hash'), default: 0 },
    },
    uniques: [{ name: 'uq_threads_chat_place', columns: ['chatId', 'surface', 'destination'] }],
    indices: [
      { name: 'ix_threads_root', columns: ['surface', 'destination', 'rootPostId'] },
      { name: 'ix_threads_owner', columns: ['surface', 'ownerUserId'] },
    ],
  });
}
